/// A short fingerprint of a schedule's script snapshot, so `onair schedule list` can show that the
/// file on disk changed since the schedule was added, without comparing whole texts.
///
/// FNV-1a over the UTF-8 bytes, 64 bits, written with its algorithm name (`fnv1a64:…`) so a later
/// release can switch to a cryptographic digest without misreading old rows. It detects edits; it
/// is not a defence against someone forging a script.
public enum ScriptDigest {
    public static func of(_ script: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in script.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
