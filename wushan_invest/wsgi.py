import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
# As in manage.py: no cycle collection over what start-up makes (it lives as long as the worker), and those objects
# out of the collector's sight afterwards, so that each later full collection walks only what requests left.
gc.disable()
application = get_wsgi_application()
gc.freeze()
gc.enable()
