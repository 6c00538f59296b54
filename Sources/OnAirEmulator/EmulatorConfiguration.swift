/// How an emulator instance behaves: where it listens, which credentials it accepts and which
/// faults it injects. Tests build one with the defaults and change only what they exercise.
public struct EmulatorConfiguration: Sendable {
    /// Caps that mirror the providers' documented limits, so clients meet them offline first.
    public struct Limits: Sendable, Equatable {
        /// Cloudflare: concurrent outputs (simulcast destinations) per live input.
        public var cloudflareOutputsPerLiveInput: Int
        /// 100ms: `rtmp_urls` per external stream. The docs say 3 in one place and 5 in another;
        /// the larger is accepted.
        public var hmsRTMPURLsPerStream: Int
        /// Largest request body read, in bytes.
        public var maxBodyBytes: Int
        /// How many recent requests `GET /_emulator/state` lists.
        public var journalCapacity: Int

        public init(
            cloudflareOutputsPerLiveInput: Int = 50,
            hmsRTMPURLsPerStream: Int = 5,
            maxBodyBytes: Int = 1 << 20,
            journalCapacity: Int = 1000
        ) {
            self.cloudflareOutputsPerLiveInput = cloudflareOutputsPerLiveInput
            self.hmsRTMPURLsPerStream = hmsRTMPURLsPerStream
            self.maxBodyBytes = maxBodyBytes
            self.journalCapacity = journalCapacity
        }
    }

    /// How long state changes take that the real services perform in the background.
    ///
    /// The delays are measured on the emulator's clock and applied when a resource is next read,
    /// so with a fixed clock nothing moves until `POST /_emulator/clock` advances it.
    public struct Timing: Sendable, Equatable {
        /// 100ms external stream: `starting` → `running`.
        public var hmsStreamStartSeconds: Double
        /// 100ms external stream: `stopping` → `completed` (via `post_processing` when recording).
        public var hmsStreamStopSeconds: Double

        public init(hmsStreamStartSeconds: Double = 0, hmsStreamStopSeconds: Double = 0) {
            self.hmsStreamStartSeconds = hmsStreamStartSeconds
            self.hmsStreamStopSeconds = hmsStreamStopSeconds
        }
    }

    /// Host the HTTP server binds to. Loopback only by default: the emulator is a local oracle.
    public var host: String
    /// Port to bind; 0 asks the system for a free port (the bound port is reported after start).
    public var port: Int
    /// Credentials accepted per provider; the defaults are documented on ``EmulatorCredentials``.
    public var credentials: EmulatorCredentials
    /// Faults active from the first request on.
    public var faults: FaultPlan
    public var limits: Limits
    public var timing: Timing
    /// Source of every timestamp the emulator writes.
    public var clock: EmulatorClock
    /// Seed for generated ids and keys; nil draws fresh random values on every run.
    public var randomSeed: UInt64?

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        credentials: EmulatorCredentials = .default,
        faults: FaultPlan = .none,
        limits: Limits = .init(),
        timing: Timing = .init(),
        clock: EmulatorClock = .system,
        randomSeed: UInt64? = nil
    ) {
        self.host = host
        self.port = port
        self.credentials = credentials
        self.faults = faults
        self.limits = limits
        self.timing = timing
        self.clock = clock
        self.randomSeed = randomSeed
    }
}
