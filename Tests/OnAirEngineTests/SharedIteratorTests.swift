import Testing

/// One `each` iterator shared by several `onair.spawn` tasks: each page is pulled by one task at a
/// time, a task that asks while another is pulling gets a `usage` error (and may ask again), and
/// every item is delivered exactly once. Before the cursor claimed its stream, two tasks pulling at
/// once trapped the process (an exclusivity violation on the stream iterator).
@Suite struct SharedIteratorTests {
    @Test func tasksSharingOneIteratorSeeEveryItemOnce() async throws {
        try await withEngine { engine in
            let text = await engine.output("""
                for i = 1, 6 do room.create{ provider = "signalwire", name = "shared-" .. i } end
                local refused, bad, rounds = 0, 0, 100
                for round = 1, rounds do
                  local it = room.each{ provider = "signalwire", page_size = 1 }
                  local seen = {}
                  local function drain()
                    while true do
                      local ok, item = pcall(it)
                      if not ok then
                        if item.kind == "usage" and item.message:find("another task", 1, true) then
                          refused = refused + 1
                          onair.sleep(0)
                        else
                          bad = bad + 1
                          return
                        end
                      elseif item == nil then
                        return
                      else
                        seen[item.name] = (seen[item.name] or 0) + 1
                      end
                    end
                  end
                  local tasks = {}
                  for t = 1, 3 do tasks[t] = onair.spawn(drain) end
                  for _, task in ipairs(tasks) do task:wait() end
                  for i = 1, 6 do
                    if seen["shared-" .. i] ~= 1 then bad = bad + 1 end
                  end
                end
                print(bad, refused > 0)
                """)
            #expect(text == "0\ttrue\n", "\(text)")
        }
    }
}
