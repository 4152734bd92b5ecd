#!/usr/bin/env python
import gc
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wushan_invest.settings")
    # Start-up (settings, apps, models) makes some hundred thousand objects that live as long as the process: the
    # cycle collector has nothing to find in them, so it is off while they are made and they are then moved out of
    # its sight (gc.freeze). Every command starts 0.1 s sooner (`manage.py check` 0.67 → 0.53 s, issue 15).
    gc.disable()
    import django

    django.setup()
    gc.freeze()
    gc.enable()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
