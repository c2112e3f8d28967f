"""The matching engine: plain numbers in, plain numbers out; no Django.

* ``columns``: the inputs (participants and job orders as column arrays);
* ``eligibility``: the constraints, written once, and why a pair fails;
* ``scoring``: a pair's six parts and its 0..1000 score;
* ``pairs``: every eligible pair, scored and sorted;
* ``shortlists``: every order's shortlist at once, under the per-candidate cap;
* ``assignment``: the national plan (min-cost flow) and why the unmatched are left.

Nothing is re-exported here, so that importing ``matching.engine.columns``
does not load OR-Tools.
"""
