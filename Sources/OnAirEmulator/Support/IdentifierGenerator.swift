/// Produces the identifiers and secrets each provider hands out, in that provider's format.
///
/// With a seed the sequence is the same on every run, so a test can predict ids; without one it
/// draws from the system's generator like a real service.
struct IdentifierGenerator: Sendable {
    private var seeded: SplitMix64?
    private var system = SystemRandomNumberGenerator()

    init(seed: UInt64?) {
        self.seeded = seed.map(SplitMix64.init(state:))
    }

    mutating func next() -> UInt64 {
        if seeded != nil { return seeded!.next() }
        return system.next()
    }

    /// Random bytes as lowercase hex: 100ms ids (24), Cloudflare uids (32).
    mutating func hex(_ length: Int) -> String {
        var text = ""
        while text.count < length {
            text += [next()].flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64($0 * 8)) } }.hexString
        }
        return String(text.prefix(length))
    }

    /// A lowercase UUID version 4, as SignalWire writes its ids.
    mutating func uuid() -> String {
        var bytes = (0..<2).flatMap { _ in
            let word = next()
            return (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64($0 * 8)) }
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.hexString
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    /// Lowercase letters: Gjirafa's public ids look like `vjsmxlol`.
    mutating func letters(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }
}

/// A small, well-known generator (Steele, Lea, Flood 2014); used only so seeded runs repeat.
struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }
}
