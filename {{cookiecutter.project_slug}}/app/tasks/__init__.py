"""Every Celery task of the project, one module per topic (``app/tasks/<topic>.py``).

A task takes ids and plain values, never model objects (they travel as JSON and
would be stale by the time the task runs), loads what it needs itself, and can run
twice without harm: delivery is at least once. app/worker.py imports every module
here and adds each module's ``schedule(config)`` to beat's periodic tasks.
"""
