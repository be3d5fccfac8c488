"""Commands: the verbs staff type — build, check, serve, new, schema, and personalised
copies — on top of the pipeline; each turns results and errors into the user's lines.

In: the command line. Out: files in the output folder, lines on the terminal, an exit code.
"""
