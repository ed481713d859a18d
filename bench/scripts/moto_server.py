"""moto's EC2 server on 127.0.0.1 in its own process, for the benchmarks.

Prints ``http://127.0.0.1:PORT`` on the first line of stdout once it listens,
then serves until its stdin is closed (or it is killed).  The small AMI
catalogue shipped with oscmd is selected before moto is imported, so resets
and DescribeImages stay cheap.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

AMIS = Path(__file__).resolve().parents[2] / "oscmd_shell" / "data" / "amis.json"


def main() -> int:
    os.environ["MOTO_AMIS_PATH"] = str(AMIS)
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    sys.stdout.write(f"http://{host}:{port}\n")
    sys.stdout.flush()
    try:
        sys.stdin.read()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
