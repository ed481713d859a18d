"""The EC2 object types: one package each, holding its spec, handlers and view.

``SPECS`` lists the object specs in the order help shows them.  Importing this
package imports only the specs (pure data); handlers and views are imported
when a verb runs.
"""

from __future__ import annotations

from ..spec import ObjectSpec
from .ami import SPEC as AMI
from .eip import SPEC as EIP
from .instance import SPEC as INSTANCE
from .keypair import SPEC as KEYPAIR
from .securitygroup import SPEC as SECURITYGROUP
from .snapshot import SPEC as SNAPSHOT
from .volume import SPEC as VOLUME

SPECS: tuple[ObjectSpec, ...] = (AMI, INSTANCE, VOLUME, SNAPSHOT, EIP, SECURITYGROUP, KEYPAIR)
