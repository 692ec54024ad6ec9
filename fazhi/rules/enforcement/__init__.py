"""Administrative penalty enforcement rules as tested data (pure Python, no Django).

The public API is re-exported by :mod:`fazhi.rules.penalty`; the modules here are
``kinds`` (第9条), ``hearing`` (第51、63、68、69条), ``review`` (第58条), ``officers``
(第42条; Outline §34), ``benchmarks`` (the data) and ``discretion`` (第30-36条 applied).
"""
