"""Offline translation with installed Argos Translate packages, glossary terms protected.

``packages``: find, install and remove packages (argostranslate's package API);
``engine``: run a package's CTranslate2 model and SentencePiece directly, in batches, with a cache;
``segment``: polish's own sentence splitting; ``terms``: placeholder protection of glossary terms;
``document``: translate a set of text spans of one document in one batch.
"""

from polish.translate.packages import INSTALL_EXTRA, PackageError, PackageInfo, TranslateUnavailable, install_command

__all__ = ["INSTALL_EXTRA", "PackageError", "PackageInfo", "TranslateUnavailable", "install_command"]
