#!/usr/bin/env python3
"""The Cloudflare scenario of scripts/bench, written with the official `cloudflare` SDK as its
README shows it: 20 live inputs with 10 outputs each are created, listed, disabled and deleted.

Usage: cloudflare_scenario.py BASE_URL [--mode sequential|threads|async] [--inputs N] [--outputs N]

- sequential: the synchronous client, one call after another (the README's style);
- threads: the same client shared by a thread pool, the calls that do not depend on each other
  made at once (what a user would write to go faster with the sync client);
- async: AsyncCloudflare with asyncio.gather, the README's asynchronous usage.

Prints the seconds the scenario took, measured inside the script (interpreter start-up and the
SDK's import are not counted).
"""

import argparse
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from cloudflare import AsyncCloudflare, Cloudflare

# The emulator's documented default credentials (EmulatorCredentials.default).
API_TOKEN = "onair-emulator-cloudflare-token"
ACCOUNT_ID = "0000000000000000000000000000c0de"


def output_params(i, j):
    return {"url": f"rtmp://ingest-{j}.example.net/live", "stream_key": f"key-{i}-{j}", "enabled": True}


def sequential(client, inputs, outputs):
    live_inputs = client.stream.live_inputs
    created = []
    for i in range(1, inputs + 1):
        live_input = live_inputs.create(account_id=ACCOUNT_ID, meta={"name": f"bench input {i}"}, recording={"mode": "off"})
        outs = [live_inputs.outputs.create(live_input.uid, account_id=ACCOUNT_ID, **output_params(i, j))
                for j in range(1, outputs + 1)]
        created.append((live_input, outs))

    listed = live_inputs.list(account_id=ACCOUNT_ID)
    assert len(listed.live_inputs) == inputs
    for live_input, _ in created:
        assert len(list(live_inputs.outputs.list(live_input.uid, account_id=ACCOUNT_ID))) == outputs

    for live_input, outs in created:
        for output in outs:
            live_inputs.outputs.update(output.uid, account_id=ACCOUNT_ID, live_input_identifier=live_input.uid, enabled=False)
        live_inputs.update(live_input.uid, account_id=ACCOUNT_ID, enabled=False)

    for live_input, outs in created:
        for output in outs:
            live_inputs.outputs.delete(output.uid, account_id=ACCOUNT_ID, live_input_identifier=live_input.uid)
        live_inputs.delete(live_input.uid, account_id=ACCOUNT_ID)
    assert len(live_inputs.list(account_id=ACCOUNT_ID).live_inputs) == 0


def threaded(client, inputs, outputs, workers):
    live_inputs = client.stream.live_inputs
    with ThreadPoolExecutor(max_workers=workers) as pool:
        def create(i):
            live_input = live_inputs.create(account_id=ACCOUNT_ID, meta={"name": f"bench input {i}"}, recording={"mode": "off"})
            futures = [pool.submit(live_inputs.outputs.create, live_input.uid, account_id=ACCOUNT_ID, **output_params(i, j))
                       for j in range(1, outputs + 1)]
            return live_input, futures

        created = [(live_input, [f.result() for f in futures])
                   for live_input, futures in [f.result() for f in [pool.submit(create, i) for i in range(1, inputs + 1)]]]

        listed = live_inputs.list(account_id=ACCOUNT_ID)
        assert len(listed.live_inputs) == inputs
        counts = pool.map(lambda item: len(list(live_inputs.outputs.list(item[0].uid, account_id=ACCOUNT_ID))), created)
        assert all(count == outputs for count in counts)

        def each(function):
            futures = [pool.submit(function, live_input, output) for live_input, outs in created for output in outs]
            for future in futures:
                future.result()

        each(lambda i, o: live_inputs.outputs.update(o.uid, account_id=ACCOUNT_ID, live_input_identifier=i.uid, enabled=False))
        list(pool.map(lambda item: live_inputs.update(item[0].uid, account_id=ACCOUNT_ID, enabled=False), created))
        each(lambda i, o: live_inputs.outputs.delete(o.uid, account_id=ACCOUNT_ID, live_input_identifier=i.uid))
        list(pool.map(lambda item: live_inputs.delete(item[0].uid, account_id=ACCOUNT_ID), created))
    assert len(live_inputs.list(account_id=ACCOUNT_ID).live_inputs) == 0


async def asynchronous(client, inputs, outputs):
    live_inputs = client.stream.live_inputs

    async def create(i):
        live_input = await live_inputs.create(account_id=ACCOUNT_ID, meta={"name": f"bench input {i}"}, recording={"mode": "off"})
        outs = await asyncio.gather(*[live_inputs.outputs.create(live_input.uid, account_id=ACCOUNT_ID, **output_params(i, j))
                                      for j in range(1, outputs + 1)])
        return live_input, outs

    created = await asyncio.gather(*[create(i) for i in range(1, inputs + 1)])
    listed = await live_inputs.list(account_id=ACCOUNT_ID)
    assert len(listed.live_inputs) == inputs

    async def count(live_input):
        return len([o async for o in live_inputs.outputs.list(live_input.uid, account_id=ACCOUNT_ID)])

    assert all(c == outputs for c in await asyncio.gather(*[count(i) for i, _ in created]))

    async def disable(live_input, outs):
        await asyncio.gather(*[live_inputs.outputs.update(o.uid, account_id=ACCOUNT_ID, live_input_identifier=live_input.uid,
                                                          enabled=False) for o in outs])
        await live_inputs.update(live_input.uid, account_id=ACCOUNT_ID, enabled=False)

    await asyncio.gather(*[disable(i, outs) for i, outs in created])

    async def delete(live_input, outs):
        await asyncio.gather(*[live_inputs.outputs.delete(o.uid, account_id=ACCOUNT_ID, live_input_identifier=live_input.uid)
                               for o in outs])
        await live_inputs.delete(live_input.uid, account_id=ACCOUNT_ID)

    await asyncio.gather(*[delete(i, outs) for i, outs in created])
    assert len((await live_inputs.list(account_id=ACCOUNT_ID)).live_inputs) == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("--mode", choices=["sequential", "threads", "async"], default="sequential")
    parser.add_argument("--inputs", type=int, default=20)
    parser.add_argument("--outputs", type=int, default=10)
    parser.add_argument("--threads", type=int, default=20)
    options = parser.parse_args()
    base_url = options.base_url.rstrip("/") + "/client/v4"

    if options.mode == "async":
        async def run():
            async with AsyncCloudflare(api_token=API_TOKEN, base_url=base_url) as client:
                assert len((await client.stream.live_inputs.list(account_id=ACCOUNT_ID)).live_inputs) == 0
                start = time.perf_counter()
                await asynchronous(client, options.inputs, options.outputs)
                return time.perf_counter() - start
        elapsed = asyncio.run(run())
    else:
        with Cloudflare(api_token=API_TOKEN, base_url=base_url) as client:
            # The account starts empty; this first call also opens the connection before the clock
            # starts (the OnAir version does the same).
            assert len(client.stream.live_inputs.list(account_id=ACCOUNT_ID).live_inputs) == 0
            start = time.perf_counter()
            if options.mode == "sequential":
                sequential(client, options.inputs, options.outputs)
            else:
                threaded(client, options.inputs, options.outputs, options.threads)
            elapsed = time.perf_counter() - start
    print(f"{elapsed:.6f}")


if __name__ == "__main__":
    main()
