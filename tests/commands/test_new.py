"""`build.py new`: a new kind of document, started from a working one, builds at once."""

from pypdf import PdfReader

from tests.support.cli import copy_project, run_build


def test_new_document_is_registered_declared_and_builds(tmp_path):
    project = copy_project(tmp_path)

    def run(*arguments):
        return run_build(*arguments, project=project)

    made = run("new", "flyer", "--from", "factsheet")
    assert made.returncode == 0, made.stderr
    assert (project / "templates" / "flyer.html").is_file()
    assert "flyer:\n  max_pages: 2" in (project / "templates" / "documents.yml").read_text()
    assert "  flyer:\n    languages: [id, en]" in (project / "content" / "brosur.yml").read_text()

    built = run("flyer", "--lang", "en", "--output", str(tmp_path / "output"))
    assert built.returncode == 0, built.stderr
    pdf = PdfReader(tmp_path / "output" / "flyer.en.pdf")
    assert len(pdf.pages) == 2
    assert pdf.metadata.title == "Kemitraan — Flyer"

    again = run("new", "flyer")
    assert again.returncode == 2
    assert again.stderr == "brosur new: 'flyer' exists already\n"
