// swift-tools-version:6.1
import PackageDescription

let strictness: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// `-static-stdlib`, plus Foundation's static archives in one group: the objects were compiled
/// against the shared Foundation, whose ICU and CoreFoundation dependencies are not autolinked.
let staticSwiftLibraries = ["-static-stdlib", "-Xlinker", "--start-group"]
    + ["Foundation", "CoreFoundation", "FoundationEssentials", "FoundationInternationalization", "_FoundationICU",
       "_FoundationCShims", "_FoundationCollections", "swiftSynchronization"].flatMap { ["-Xlinker", "-l\($0)"] }
    + ["-Xlinker", "--end-group"]

let package = Package(
    name: "OnAir",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "onair", targets: ["onair"]),
        .library(name: "OnAirLua", targets: ["OnAirLua"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Layer 0: Debian's Lua 5.4 plus the shim that makes its macros visible and holds
        // every C function that may raise or yield (the trampolines).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // The line editor of the REPL: Debian's libedit.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Layer 1: a general, sandboxed, async-capable Lua host.
        .target(
            name: "OnAirLua",
            dependencies: ["CLua"],
            resources: [.embedInCode("Stdlib")],
            swiftSettings: strictness
        ),
        // Layer 1: HTTP clients for the four providers over one shared transport. Knows nothing of Lua.
        .target(
            name: "OnAirProviders",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictness
        ),
        // Layer 1: durable state (schedules, runs, step journal, resource ledger, stop obligations).
        .target(
            name: "OnAirStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictness
        ),
        // Layer 3: where providers meet Lua: bindings, profiles, the script runner.
        .target(
            name: "OnAirEngine",
            dependencies: [
                "OnAirLua", "OnAirProviders", "OnAirStore", .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // Layer 2: one Hummingbird server speaking all four provider APIs, written from the
        // provider references (its wire types are its own), with fault injection for tests.
        .target(
            name: "OnAirEmulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness
        ),
        // Layer 4: the executable.
        .executableTarget(
            name: "onair",
            dependencies: [
                "OnAirLua",
                "OnAirEngine",
                "OnAirEmulator",
                "OnAirStore",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictness,
            // Release builds carry the Swift runtime and Foundation inside the binary: no dynamic
            // loading and relocation of a dozen Swift libraries at every start (see BENCHMARKS.md).
            linkerSettings: [.unsafeFlags(staticSwiftLibraries, .when(configuration: .release))]
        ),
        .executableTarget(
            name: "onair-bench",
            dependencies: ["OnAirLua", "CLua"],
            path: "Benchmarks/onair-bench",
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OnAirLuaTests",
            dependencies: ["OnAirLua"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OnAirProvidersTests",
            dependencies: ["OnAirProviders", "OnAirEmulator"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OnAirStoreTests",
            dependencies: ["OnAirStore"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OnAirEngineTests",
            dependencies: ["OnAirEngine", "OnAirEmulator", "OnAirLua", "OnAirProviders", "OnAirStore"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OnAirEmulatorTests",
            dependencies: [
                "OnAirEmulator",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "OnAirCLITests",
            dependencies: ["onair", "OnAirStore"],
            swiftSettings: strictness
        ),
    ]
)

// The in-process benchmark suite runs on the ordo-one harness (`scripts/bench` sets
// ONAIR_BENCHMARKS=1 and runs `swift package benchmark`). Without the variable the harness and its
// dependencies are not part of the package, so the default debug build (`scripts/test`, CI) does
// not compile them.
if let flag = Context.environment["ONAIR_BENCHMARKS"], !flag.isEmpty, flag != "0" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "OnAirBenchmarks",
            dependencies: [
                "OnAirLua",
                "OnAirEngine",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/OnAirBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
}
