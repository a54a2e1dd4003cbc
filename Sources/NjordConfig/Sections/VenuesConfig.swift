/// `venues:` — the market-data and execution venues and which one daemons use by default.
public struct VenuesConfig: Sendable, Equatable {
    public var defaultVenue: VenueKind
    public var sim: SimVenueConfig?
    public var binanceus: BinanceUSVenueConfig?
    public var replay: ReplayVenueConfig?

    public init(
        defaultVenue: VenueKind, sim: SimVenueConfig? = nil, binanceus: BinanceUSVenueConfig? = nil,
        replay: ReplayVenueConfig? = nil
    ) {
        self.defaultVenue = defaultVenue
        self.sim = sim
        self.binanceus = binanceus
        self.replay = replay
    }

    /// The symbols the default venue trades, when it lists any (replay takes them from its files).
    public var defaultSymbols: [String]? {
        switch defaultVenue {
        case .sim: return sim?.symbols
        case .binanceus: return binanceus?.symbols
        case .replay: return nil
        }
    }

    static func read(_ r: MappingReader) -> VenuesConfig? {
        let defaultVenue: VenueKind? = r.word("default")
        let sim = r.optionalSection("sim", SimVenueConfig.read)
        let binance = r.optionalSection("binanceus", BinanceUSVenueConfig.read)
        let replay = r.optionalSection("replay", ReplayVenueConfig.read)
        let present: [VenueKind: Bool] = [
            .sim: r.has("sim"), .binanceus: r.has("binanceus"), .replay: r.has("replay"),
        ]
        if let defaultVenue, present[defaultVenue] != true {
            r.log.report(
                r.childPath("default"),
                .invalid(
                    "names '\(defaultVenue.rawValue)' but venues.\(defaultVenue.rawValue) is not configured"))
        }
        r.finish()
        guard let defaultVenue, present[defaultVenue] == true, let sim, let binance, let replay else {
            return nil
        }
        return VenuesConfig(
            defaultVenue: defaultVenue, sim: sim.value, binanceus: binance.value, replay: replay.value)
    }
}

/// The venues the stack can connect to.
public enum VenueKind: String, Sendable, CaseIterable {
    case sim, binanceus, replay
}

/// The simulated exchange: a seeded random walk per symbol.
public struct SimVenueConfig: Sendable, Equatable {
    public var seed: UInt64
    public var symbols: [String]

    public init(seed: UInt64, symbols: [String]) {
        self.seed = seed
        self.symbols = symbols
    }

    static func read(_ r: MappingReader) -> SimVenueConfig? {
        let seed = r.int("seed", range: 0...Int.max)
        let symbols = r.strings("symbols", rule: Identifier.symbolRule, isValid: Identifier.isSymbol)
        r.finish()
        guard let seed, let symbols else { return nil }
        return SimVenueConfig(seed: UInt64(seed), symbols: symbols)
    }
}

/// Binance.US public market data (and, behind the live gate, its trading API).
public struct BinanceUSVenueConfig: Sendable, Equatable {
    public var wsURL: String
    public var restURL: String
    public var symbols: [String]

    public init(wsURL: String, restURL: String, symbols: [String]) {
        self.wsURL = wsURL
        self.restURL = restURL
        self.symbols = symbols
    }

    static func read(_ r: MappingReader) -> BinanceUSVenueConfig? {
        let ws = r.string("ws_url")
        let rest = r.string("rest_url")
        if let ws, !(ws.hasPrefix("wss://") || ws.hasPrefix("ws://")) {
            r.log.report(r.childPath("ws_url"), .invalid("'\(ws)' must start with wss:// or ws://"))
        }
        if let rest, !(rest.hasPrefix("https://") || rest.hasPrefix("http://")) {
            r.log.report(r.childPath("rest_url"), .invalid("'\(rest)' must start with https:// or http://"))
        }
        let symbols = r.strings("symbols", rule: Identifier.symbolRule, isValid: Identifier.isSymbol)
        r.finish()
        guard let ws, let rest, let symbols, ws.hasPrefix("ws"), rest.hasPrefix("http") else { return nil }
        return BinanceUSVenueConfig(wsURL: ws, restURL: rest, symbols: symbols)
    }
}

/// Replays recorded market data from files.
public struct ReplayVenueConfig: Sendable, Equatable {
    public var files: [String]
    /// Playback speed as a multiple of recorded time (`1` = real time); `0` = as fast as possible.
    /// A rate, not money, but kept as decimal text like every other number with a fraction.
    public var speed: String
    /// Whether the files start over at their end (the books resync at each start).
    public var loop: Bool

    public init(files: [String], speed: String = "1", loop: Bool = false) {
        self.files = files
        self.speed = speed
        self.loop = loop
    }

    static func read(_ r: MappingReader) -> ReplayVenueConfig? {
        let files = r.strings("files")
        let speed = r.decimal("speed", range: DecimalRange(minimum: "0", maximum: "10000"), default: "1")
        let loop = r.bool("loop", default: false)
        r.finish()
        guard let files, let speed, let loop else { return nil }
        return ReplayVenueConfig(files: files, speed: speed, loop: loop)
    }
}
