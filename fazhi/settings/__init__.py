"""Settings: ``base`` holds everything, read from ``FAZHI_*`` environment variables.

``dev`` (the default of the ``fazhi`` command), ``test`` and ``production`` differ
only in the few lines that must differ.
"""
