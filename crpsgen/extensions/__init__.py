"""Python-Markdown extensions for patient pages: callouts, citations, glossary, links, checklists.

Each extension reads and writes the `PageState` of the page being converted, so one
Markdown instance can be reused across pages (reset between them).
"""
