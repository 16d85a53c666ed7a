"""Who may do what in meetings. Builds on the group roles of groups.rules."""

import rules

from gemeinwerk.groups.rules import acts_as_host

# Hosts and co-hosts open the room without the code, while their account is verified.
# A role fact: an admin who hosts nothing does not enter as host.
rules.add_perm("meetings.enter_as_host", acts_as_host)
