"""The WSGI entry point settles the worker: views imported, catalogues loaded, then frozen."""

import gc
import sys

from django.utils import translation


def test_settle_freezes_what_start_up_made():
    from config.wsgi import application, settle

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        settle()
        # the views (and what they import) were imported, and every catalogue is loaded
        assert "reviews.views" in sys.modules and "awards.dashboard_views" in sys.modules
        assert translation.trans_real._translations.keys() >= {"ko", "en"}
        frozen = gc.get_freeze_count()
        assert frozen > 50_000  # the modules, URL patterns and catalogues of start-up
        # frozen objects are out of the collector's passes: a full pass now walks far fewer
        assert len(gc.get_objects()) < frozen
    finally:
        gc.unfreeze()
    assert callable(application)
