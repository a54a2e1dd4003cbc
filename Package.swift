// swift-tools-version:6.1
// Njord Quant: a local-first crypto trading stack. Module map and the one direction of imports
// are drawn in docs/ARCHITECTURE.md; keep the two in step.
import PackageDescription

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
        .executable(name: "njord-paper-trader", targets: ["njord-paper-trader"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C libraries: a modulemap and a shim header each, imported by exactly one Swift module.
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis"),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

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
        // Domain: the one kernel that backtests, paper and live all run.
        .target(name: "NjordStrategies", dependencies: ["NjordCore"], swiftSettings: swiftSettings),
        .target(name: "NjordRisk", dependencies: ["NjordCore"], swiftSettings: swiftSettings),
        .target(name: "NjordExecution", dependencies: ["NjordCore"], swiftSettings: swiftSettings),
        .target(
            name: "NjordBacktest", dependencies: ["NjordCore", "NjordStrategies", "NjordRisk", "NjordMarketData"],
            swiftSettings: swiftSettings),
        .target(name: "NjordTerminal", dependencies: ["CNcursesw"], swiftSettings: swiftSettings),

        // App wiring: the commands every executable calls.
        .target(
            name: "NjordApp",
            dependencies: [
                "NjordCore", "NjordCrypto", "NjordJournal", "NjordConfig", "NjordLogging", "NjordRedis",
                "NjordMarketData", "NjordStrategies", "NjordRisk", "NjordExecution", "NjordBacktest", "NjordTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "NjordBenchmarks",
            dependencies: [
                "NjordCore", "NjordJournal", "NjordRedis", "NjordMarketData", "NjordRisk", "NjordBacktest",
                "NjordApp",
            ],
            swiftSettings: swiftSettings),

        // One-file executables.
        .executableTarget(name: "njord", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "njord-bench", dependencies: ["NjordBenchmarks"], swiftSettings: swiftSettings),
        .executableTarget(name: "njord-md-ingest", dependencies: ["NjordApp"], swiftSettings: swiftSettings),
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
            name: "NjordAppTests", dependencies: ["NjordApp", "NjordExecution", "NjordTestSupport"],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
