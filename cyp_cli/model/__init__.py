"""The plan model: one typed picture of a plan folder that lint, build and review share.

``load.load_plan(path)`` reads a folder into a :class:`~cyp_cli.model.plan.Plan` and the
diagnostics met on the way. The model imports nothing of ours but ``diagnostics``.
"""
