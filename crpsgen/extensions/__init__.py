"""Python-Markdown extensions for patient pages: callouts, citations, glossary, links, checklists.

Each extension reads the `PageState` of the page being converted and keeps what it
finds until Markdown's `reset()`, so one Markdown instance is reused across pages
(state.py). The order they run in is the table in markup.py.
"""
