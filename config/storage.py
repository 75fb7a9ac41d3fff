"""Where ``collectstatic`` puts static files in production."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's hashed, compressed files, with the ES modules' ``import … from "./x.js"``
    rewritten to the hashed names too. Otherwise a new ``notifications.<hash>.js`` imports
    ``text.js`` by its plain name, which browsers may keep cached from before a deploy (nginx
    caches plain names for an hour): a missing export there stops every live script."""

    support_js_module_import_aggregation = True
