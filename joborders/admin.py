"""Job orders and the profiles of organizations in Japan are deliberately not
in the admin.

Every change goes through joborders.actions: status changes check the allowed
edges and, on opening, the quota and programme rules whose answer is stored
with the job order; edits carry a version against concurrent changes; every
change writes an audit row. An admin form would bypass all of that. Ministry
administrators edit profiles and job orders through the app's pages.
"""
