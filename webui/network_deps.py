"""Request-scoped access to the network's question-and-answer services, bound to the acting user.

Apart from `webui.deps` so the network's pages plug in without touching the document services'
wiring. Reading needs read access; writing is decided by `kb.services.network` itself (an
anonymous reader is refused there), so every signed-in role may ask and answer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kb.services.network import Network
from kb.services.network_reads import NetworkReads
from webui.deps import Reader


def _network(request: Request, principal: Reader) -> Network:
    return request.app.state.kb.network.acting(principal)


def _network_reads(request: Request, principal: Reader) -> NetworkReads:
    return request.app.state.kb.network_reads.acting(principal)


Posts = Annotated[Network, Depends(_network)]
Threads = Annotated[NetworkReads, Depends(_network_reads)]
