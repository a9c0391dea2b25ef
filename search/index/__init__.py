"""The Whoosh index: its schema and internals, the store of generations, records and the build.

The read side (search.query) uses only `schema`, `store` and `whoosh_internals.reading`; `records` and `build`
are the write side, which loads the readers and the attribution rules.
"""
