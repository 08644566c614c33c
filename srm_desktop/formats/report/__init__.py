"""The readable report: its content (:mod:`.model`), its words (:mod:`.wording`), as HTML
(:mod:`.html`), and in PDF through Qt's own printing (``srm_desktop.render.pdf``, outside this
Qt-free layer)."""
