"""Jobs: a build request → the PDFs in the output folder (plan, cache, worker processes,
output files, manifest), for editions and personalised copies alike.

In: `request.Request` (and a recipients list). Out: one result per PDF, built, cached or
failed, and `output/manifest.json`.
"""
