"""Content: a content folder (YAML files, pictures, recipients lists) → validated, typed
content, every problem pinned to file:line:column and field.

In: `brosur.yml`, the organisation and theme files, the pictures they name, a recipients
list. Out: `load.Content` (and `recipients.RecipientList`), or `errors.InputError` listing
every problem at once.
"""
