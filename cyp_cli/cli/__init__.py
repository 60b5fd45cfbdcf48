"""The command line: one module per command; ``main.py`` assembles them.

Commands import what they need inside their function, so ``cyp lint`` never pays for
jinja2, pandoc or typst.
"""
