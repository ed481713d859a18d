"""The refresher's chunked XML feed parses exactly as botocore's own parser, on the same responses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.parsers import ResponseParserError

from oscmd_shell.aws.chunked import CHUNK, install
from tests.support.crafted import Instance, _response


def client() -> Any:
    return boto3.client("ec2", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",  # noqa: TID251
                        aws_access_key_id="a", aws_secret_access_key="b")


def response(count: int) -> bytes:
    items = "".join(Instance(id=f"i-{n:017x}", name=f"web{n} \u65e5\u672c", tags={"env": "prod"}).xml()
                    for n in range(count))
    body = (f"<reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet/>"
            f"<instancesSet>{items}</instancesSet></item></reservationSet><nextToken>t-2</nextToken>")
    return _response("DescribeInstances", body).encode()


def parse(ec2: Any, body: bytes) -> Any:
    shape = ec2.meta.service_model.operation_model("DescribeInstances").output_shape
    return ec2._response_parser.parse({"body": body, "headers": {}, "status_code": 200}, shape)


@pytest.mark.parametrize("count", [1, 40, 400])
def test_same_result_as_botocores_parser(count: int) -> None:
    plain, chunked = client(), client()
    assert install(chunked)
    body = response(count)
    assert (len(body) > CHUNK) == (count > 1)
    assert parse(chunked, body) == parse(plain, body)
    assert len(parse(chunked, body)["Reservations"][0]["Instances"]) == count


def test_broken_xml_is_still_a_parser_error() -> None:
    chunked = client()
    install(chunked)
    broken = response(40)[:-200]
    with pytest.raises(ResponseParserError):
        chunked._response_parser._parse_xml_string_to_dom(broken)


def test_an_unknown_botocore_layout_leaves_the_client_alone() -> None:
    class Bare:
        pass

    assert install(Bare()) is False


def test_model_files_load_the_same_off_the_main_thread() -> None:
    import threading

    import botocore
    from botocore.loaders import JSONFileLoader, Loader

    from oscmd_shell.aws.chunked import SharingJSONLoader, share_loader

    version = Loader().list_api_versions("ec2", "service-2")[-1]
    stem = str(Path(botocore.__file__).parent / "data" / "ec2" / version / "service-2")
    found: list[Any] = []
    worker = threading.Thread(target=lambda: found.append(SharingJSONLoader().load_file(stem)))
    worker.start()
    worker.join(60)
    assert found and found[0] == JSONFileLoader().load_file(stem)
    assert list(found[0]["operations"])[:3] == list(JSONFileLoader().load_file(stem)["operations"])[:3]
    loader = Loader()
    share_loader(loader)
    assert isinstance(loader.file_loader, SharingJSONLoader)
