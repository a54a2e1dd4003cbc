// swift-tools-version:6.1
// Njord Quant: a local-first crypto trading stack. Module map and the one direction of imports
// are drawn in docs/ARCHITECTURE.md; keep the two in step.
import PackageDescription

/// `njord-worker` is linked with the Swift runtime and Foundation inside it. Its modules are compiled
/// for the shared libraries (the other products link those), so the libraries static Foundation
/// itself needs are named here, in a group: the linker only records the ones the modules use.
let staticWorkerLinkFlags =
    [
        "-static-stdlib", "-Xlinker", "--start-group",
    ]
    + [
        "Foundation", "FoundationEssentials", "FoundationInternationalization", "CoreFoundation", "_FoundationICU",
        "_FoundationCShims", "_FoundationCollections", "swiftSynchronization", "stdc++",
    ].flatMap { ["-Xlinker", "-l\($0)"] }
    + ["-Xlinker", "--end-group"]

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "njord",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "njord", targets: ["njord"]),
        .executable(name: "njord-bench", targets: ["njord-bench"]),
        .executable(name: "njord-md-ingest", targets: ["njord-md-ingest"]),
        .executable(name: "njord-risk-engine", targets: ["njord-risk-engine"]),
        .executable(name: "njord-console", targets: ["njord-console"]),
        .executable(name: "njord-strategy-host", targets: ["njord-strategy-host"]),
        .executable(name: "njord-worker", targets: ["njord-worker"]),
        .executable(name: "njord-paper-trader", targets: ["njord-paper-trader"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/vapor/websocket-kit", from: "2.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    ],
    targets: [
        // C libraries: a modulemap and a shim header each, imported by exactly one Swift module.
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis"),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),

        // Core: exact money, instruments, clock, contracts and their wire format. No I/O beyond files.
        .target(name: "NjordCore", swiftSettings: swiftSettings),
        .target(name: "NjordCrypto", dependencies: ["CLibCrypto"], swiftSettings: swiftSettings),
        .target(
            name: "NjordJournal", dependencies: ["NjordCore", "CZlib"], swiftSettings: swiftSettings),
        .target(
            name: "NjordConfig",
            dependencies: ["NjordCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        .target(
            name: "NjordLogging",
            dependencies: ["NjordCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .target(name: "NjordRedis", dependencies: ["NjordCore", "CHiredis"], swiftSettings: swiftSettings),
        .target(
            name: "NjordMarketData", dependencies: ["NjordCore", "NjordJournal"], swiftSettings: swiftSettings),
        // The Binance.US live venue: the only module that imports NIO and WebSocketKit.
        .target(
            name: "NjordBinance",
            dependencies: [
                "NjordCore", "NjordMarketData",
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Domain: the one kernel that backtests, paper and live all run.
        .target(name: "NjordStrategies", dependencies: ["NjordCore"], swiftSettings: swiftSettings),
        .target(name: "NjordRisk", dependencies: ["NjordCore"], swiftSettings: swiftSettings),
        .target(name: "NjordExecution", dependencies: ["NjordCore"], swiftSettings: swiftSettings),
        .target(
            name: "NjordBacktest",
            dependencies: ["NjordCore", "NjordStrategies", "NjordRisk", "NjordExecution", "NjordMarketData"],
            swiftSettings: swiftSettings),
        .target(name: "NjordTerminal", dependencies: ["CNcursesw"], swiftSettings: swiftSettings),
        // The operator console: model, reducer, views and loop over NjordCore's bus and the terminal.
        .target(name: "NjordConsole", dependencies: ["NjordCore", "NjordTerminal"], swiftSettings: swiftSettings),

        // What every service command shares: Redis options, stop signals, heartbeat keys, the host name.
        .target(
            name: "NjordServiceKit",
            dependencies: [
                "NjordCore", "NjordConfig", "NjordRedis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        // Backtest jobs over Redis and the worker that runs them: all `njord-worker` links, so that it
        // starts in a third of the time a worker linking the whole app took.
        .target(
            name: "NjordSweep",
            dependencies: [
                "NjordCore", "NjordRedis", "NjordMarketData", "NjordStrategies", "NjordBacktest", "NjordServiceKit",
                "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // App wiring: the commands every executable calls.
        .target(
            name: "NjordApp",
            dependencies: [
                "NjordCore", "NjordCrypto", "NjordJournal", "NjordConfig", "NjordLogging", "NjordRedis",
                "NjordMarketData", "NjordBinance", "NjordStrategies", "NjordRisk", "NjordExecution", "NjordBacktest",
                "NjordTerminal", "NjordConsole", "NjordServiceKit", "NjordSweep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "NjordBenchmarks",
            dependencies: [
                "NjordCore", "NjordJournal", "NjordRedis", "NjordMarketData", "NjordRisk", "NjordExecution",
                "NjordBacktest",
                "NjordConsole", "NjordApp",
            ],
            swiftSettings: swiftSettings),

        // One-file executables.
        .executableTarget(name: "njord", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "njord-bench", dependencies: ["NjordBenchmarks"], swiftSettings: swiftSettings),
        .executableTarget(name: "njord-md-ingest", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
        .executableTarget(name: "njord-risk-engine", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
        .executableTarget(name: "njord-console", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
        .executableTarget(name: "njord-strategy-host", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
        // Linked with the Swift runtime and Foundation inside: a sweep spawns a worker per core and
        // waits for each to start, and without 14 Swift shared libraries to load and bind a worker
        // is ready in 7.7 ms instead of 11.6 (`njord-worker --help`, `perf stat -r 20`).
        .executableTarget(
            name: "njord-worker", dependencies: ["NjordSweep"], swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(staticWorkerLinkFlags)]),
        .executableTarget(name: "njord-paper-trader", dependencies: ["NjordApp"], swiftSettings: swiftSettings),

        // Tests: one target per module.
        .target(
            name: "NjordTestSupport", dependencies: ["NjordCore"], path: "Tests/NjordTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordCoreTests", dependencies: ["NjordCore", "NjordTestSupport"],
            // Golden fixtures are read in place through #filePath, not bundled.
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordCryptoTests", dependencies: ["NjordCrypto", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordJournalTests", dependencies: ["NjordJournal", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordConfigTests", dependencies: ["NjordConfig", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordLoggingTests", dependencies: ["NjordLogging", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordRedisTests", dependencies: ["NjordRedis", "NjordJournal", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordMarketDataTests", dependencies: ["NjordMarketData", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordBinanceTests",
            dependencies: [
                "NjordBinance", "NjordMarketData", "NjordTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordStrategiesTests", dependencies: ["NjordStrategies", "NjordTestSupport"],
            // The golden intent sequence is read in place through #filePath, not bundled.
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordRiskTests", dependencies: ["NjordRisk", "NjordTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordExecutionTests", dependencies: ["NjordExecution", "NjordTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordBacktestTests", dependencies: ["NjordBacktest", "NjordTestSupport"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordConsoleTests", dependencies: ["NjordConsole", "NjordTerminal", "NjordTestSupport"],
            // Expected screen dumps are read in place through #filePath, not bundled.
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "NjordAppTests",
            dependencies: [
                "NjordApp", "NjordSweep", "NjordServiceKit", "NjordExecution", "NjordConsole", "NjordTestSupport",
            ],
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
