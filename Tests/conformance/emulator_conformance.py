#!/usr/bin/env python3
"""Checks a running OnAir emulator against sources that are not the emulator's own code.

1. SignalWire: answers are validated against the OpenAPI schemas published with SignalWire's API
   pages (the seed files), so a field renamed, a key dropped or a nullable made non-null fails.
2. Cloudflare: the official `cloudflare` Python SDK, when installed, drives live inputs and outputs
   end to end, including its retry behaviour against injected faults.

Usage: emulator_conformance.py BASE_URL SEEDS_DIR
Prints one line per check and a closing 'N passed, N failed' line; exits 1 on any failure.
"""

import base64
import json
import re
import os
import sys
import urllib.error
import urllib.request

import jsonschema
import yaml

BASE, SEEDS = sys.argv[1].rstrip("/"), sys.argv[2]

# The emulator's documented default credentials (EmulatorCredentials.default).
SIGNALWIRE = ("00000000-0000-4000-8000-000000000001", "PTonair-emulator-signalwire-token")
CLOUDFLARE_TOKEN = "onair-emulator-cloudflare-token"
CLOUDFLARE_ACCOUNT = "0000000000000000000000000000c0de"

results = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    if condition:
        results["passed"] += 1
        print(f"ok   {name}")
    else:
        results["failed"] += 1
        print(f"FAIL {name} {detail}")


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            raw = response.read()
            return response.status, dict(response.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, dict(error.headers), json.loads(raw) if raw else None


def signalwire_headers():
    token = base64.b64encode(f"{SIGNALWIRE[0]}:{SIGNALWIRE[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}", "Accept": "application/json"}


def load_signalwire_schemas():
    text = open(f"{SEEDS}/signalwire-conference-streams.txt", encoding="utf-8").read()
    block = re.search(r"```yaml\n(.*?)\n```", text, re.S).group(1)
    return yaml.safe_load(block)["components"]


def validate(components, schema_name, instance):
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": components}
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(instance), key=str)
    return errors


def signalwire_checks():
    components = load_signalwire_schemas()
    headers = signalwire_headers()

    status, _, room = call("POST", "/api/video/rooms", {"name": "conformance_room"}, headers)
    check("signalwire room create is 200", status == 200, status)
    status, _, stream = call("POST", f"/api/video/rooms/{room['id']}/streams", {"url": "rtmp://a.example/live/key"}, headers)
    check("signalwire room stream create is 201", status == 201, status)
    errors = validate(components, "Video.Stream", stream)
    check("room stream matches Video.Stream", not errors, errors[:1])

    status, _, conference = call("POST", "/api/video/conferences", {"display_name": "Conformance"}, headers)
    status, _, stream = call("POST", f"/api/video/conferences/{conference['id']}/streams", {"url": "rtmps://b.example/app/key"}, headers)
    check("signalwire conference stream create is 200", status == 200, status)
    errors = validate(components, "Video.Stream", stream)
    check("conference stream matches Video.Stream", not errors, errors[:1])

    status, _, streams = call("GET", f"/api/video/conferences/{conference['id']}/streams", None, headers)
    bad = [e for item in streams["data"] for e in validate(components, "Video.Stream", item)]
    check("listed streams match Video.Stream", status == 200 and streams["data"] and not bad, bad[:1])

    status, _, body = call("POST", f"/api/video/conferences/{conference['id']}/streams", {}, {"Authorization": "Basic bm9ib2R5Om5vdGhpbmc="})
    errors = validate(components, "Types.StatusCodes.StatusCode401", body)
    check("401 matches Types.StatusCodes.StatusCode401", status == 401 and not errors, (status, errors[:1]))

    status, _, body = call("POST", f"/api/video/conferences/{conference['id']}/streams", {"url": "ftp://nowhere"}, headers)
    errors = validate(components, "Video.VideoStatusCode422", body)
    check("422 matches Video.VideoStatusCode422", status == 422 and not errors, (status, errors[:1]))

    call("POST", "/_emulator/faults", {"rules": [{"type": "server_error", "count": 1, "status": 500, "path_prefix": "/api/video/"}]})
    status, _, body = call("POST", f"/api/video/conferences/{conference['id']}/streams", {"url": "rtmp://a.example/k"}, headers)
    errors = validate(components, "Types.StatusCodes.StatusCode500", body)
    check("500 matches Types.StatusCodes.StatusCode500", status == 500 and not errors, (status, errors[:1]))


def cloudflare_sdk_checks():
    try:
        import cloudflare
    except ImportError:
        if os.environ.get("ONAIR_REQUIRE_CONFORMANCE") == "1":
            check("the cloudflare SDK is installed (ONAIR_REQUIRE_CONFORMANCE=1)", False)
        print("skip cloudflare SDK checks: the cloudflare package is not installed")
        return
    client = cloudflare.Cloudflare(api_token=CLOUDFLARE_TOKEN, base_url=f"{BASE}/client/v4", max_retries=0)
    acc = CLOUDFLARE_ACCOUNT
    live_inputs = client.stream.live_inputs

    created = live_inputs.create(
        account_id=acc, meta={"name": "show"}, recording={"mode": "automatic", "timeout_seconds": 10},
        delete_recording_after_days=30, enabled=True, prefer_low_latency=False, idempotency_key="sdk-1",
    )
    check("sdk create returns a live input", created is not None and len(created.uid) == 32)
    check("sdk sees recording defaults", created.recording.mode == "automatic" and created.recording.require_signed_urls is False)
    check("sdk sees rtmps credentials", created.rtmps.url.startswith("rtmps://") and created.rtmps.stream_key)
    again = live_inputs.create(account_id=acc, meta={"name": "show"}, idempotency_key="sdk-1")
    check("sdk idempotent create returns the same uid", again.uid == created.uid)

    fetched = live_inputs.get(created.uid, account_id=acc)
    check("sdk get", fetched.uid == created.uid)
    updated = live_inputs.update(created.uid, account_id=acc, enabled=False)
    check("sdk update enabled=false", updated.enabled is False)
    listed = live_inputs.list(account_id=acc, include_counts=True)
    check("sdk list", [item.uid for item in listed.live_inputs] == [created.uid] and listed.total == 1)

    output = live_inputs.outputs.create(created.uid, account_id=acc, url="rtmp://a.rtmp.youtube.com/live2", stream_key="abcd")
    check("sdk output create defaults enabled", output.enabled is True and output.stream_key == "abcd")
    toggled = live_inputs.outputs.update(output.uid, account_id=acc, live_input_identifier=created.uid, enabled=False)
    check("sdk output update", toggled.enabled is False)
    outputs = list(live_inputs.outputs.list(created.uid, account_id=acc))
    check("sdk output list", [o.uid for o in outputs] == [output.uid])
    live_inputs.outputs.delete(output.uid, account_id=acc, live_input_identifier=created.uid)
    check("sdk output delete", list(live_inputs.outputs.list(created.uid, account_id=acc)) == [])

    try:
        live_inputs.create(account_id=acc, delete_recording_after_days=7)
        check("sdk sees 400 as BadRequestError", False)
    except cloudflare.BadRequestError as error:
        check("sdk sees 400 as BadRequestError", error.status_code == 400)

    bad = cloudflare.Cloudflare(api_token="wrong", base_url=f"{BASE}/client/v4", max_retries=0)
    try:
        bad.stream.live_inputs.list(account_id=acc)
        check("sdk sees a wrong token as AuthenticationError", False)
    except cloudflare.AuthenticationError as error:
        check("sdk sees a wrong token as AuthenticationError", error.status_code == 401)

    retrying = cloudflare.Cloudflare(api_token=CLOUDFLARE_TOKEN, base_url=f"{BASE}/client/v4", max_retries=2)
    call("POST", "/_emulator/faults", {"rules": [{"type": "rate_limit", "count": 1, "retry_after": 1, "path_prefix": "/client/v4/"}]})
    check("sdk retries after a 429", retrying.stream.live_inputs.get(created.uid, account_id=acc).uid == created.uid)

    call("POST", "/_emulator/faults", {"rules": [{"type": "drop_after_commit", "count": 1, "mode": "close", "path_prefix": "/client/v4/"}]})
    before = len(call("GET", "/_emulator/state")[2]["cloudflare"]["live_inputs"])
    dropped = retrying.stream.live_inputs.create(account_id=acc, meta={"name": "dropped"}, idempotency_key="sdk-drop")
    after = call("GET", "/_emulator/state")[2]["cloudflare"]["live_inputs"]
    check("sdk retry after a dropped create makes no duplicate", len(after) == before + 1 and after[-1]["uid"] == dropped.uid)

    live_inputs.delete(created.uid, account_id=acc)
    try:
        live_inputs.get(created.uid, account_id=acc)
        check("sdk sees a deleted input as NotFoundError", False)
    except cloudflare.NotFoundError as error:
        check("sdk sees a deleted input as NotFoundError", error.status_code == 404)


def main():
    call("POST", "/_emulator/reset")
    signalwire_checks()
    call("POST", "/_emulator/reset")
    cloudflare_sdk_checks()
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


if __name__ == "__main__":
    main()
