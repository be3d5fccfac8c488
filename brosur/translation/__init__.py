"""The translators' round trip: the texts to translate (texts.py), PO and XLIFF files
(catalogues.py, translate-toolkit), writing translations back into the YAML (yamledit.py,
ruamel.yaml), and the record of which source text each translation was made from
(record.py), which tells `check` when a translation is outdated."""
