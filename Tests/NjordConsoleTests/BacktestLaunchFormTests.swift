import NjordConsole
import Testing

@Suite struct BacktestLaunchFormTests {
    func form(_ source: String, params: String = "", fee: String = "0.001", mode: BacktestLaunchMode = .backtest)
        -> BacktestLaunchForm
    {
        var form = BacktestLaunchForm(strategies: ["bollinger", "donchian", "sma_cross"])
        form.cycleStrategy(by: 2)
        form.source = source
        form.params = params
        form.fee = fee
        form.mode = mode
        return form
    }

    @Test func aPathIsABarsFileAndParametersKeepTheirTextWithoutSpaces() throws {
        let request = try form("../shared/data/bars/x.csv", params: "fast=5, slow=20").request().get()
        #expect(
            request
                == BacktestLaunchRequest(
                    mode: .backtest, strategy: "sma_cross", source: .barsFile("../shared/data/bars/x.csv"),
                    params: "fast=5,slow=20", fee: "0.001"))
        #expect(request.summary == "backtest sma_cross x.csv fast=5,slow=20")
    }

    @Test func aBareNameIsASymbolOfTheDefaultVenueAndVenueColonSymbolNamesBoth() throws {
        #expect(try form("btcusdt").request().get().source == .store(venue: "binance", symbol: "BTCUSDT"))
        #expect(try form("BinanceUS:ethusdt").request().get().source == .store(venue: "binanceus", symbol: "ETHUSDT"))
        #expect(form(":BTCUSDT").request() == .failure(.noSource))
    }

    @Test func aBacktestRefusesARangeAndASweepNeedsAGrid() throws {
        #expect(form("BTCUSDT", params: "fast=5:20:5").request() == .failure(.rangeInBacktest))
        #expect(form("BTCUSDT", mode: .sweep).request() == .failure(.noGrid))
        let sweep = try form("BTCUSDT", params: "fast=5:20:5,slow=50", mode: .sweep).request().get()
        #expect(sweep.mode == .sweep && sweep.params == "fast=5:20:5,slow=50")
    }

    @Test func aMissingSourceOrABadFeeIsRefusedNamingTheField() {
        #expect(form(" ").request() == .failure(.noSource))
        #expect(form("BTCUSDT", fee: "1.5").request() == .failure(.badFee("1.5")))
        #expect(form("BTCUSDT", fee: "abc").request() == .failure(.badFee("abc")))
        #expect(BacktestLaunchForm(strategies: []).request() == .failure(.noStrategy))
    }

    @Test func typingGoesToTheFocusedFieldAndSpaceTogglesTheModeOrCyclesTheStrategy() {
        var form = BacktestLaunchForm(strategies: ["a", "b"])
        form.type(" ")
        #expect(form.mode == .sweep)
        form.cycle(by: 1)
        #expect(form.mode == .backtest)
        form.moveFocus(by: 1)
        form.type(" ")
        #expect(form.strategy == "b")
        form.cycle(by: -1)
        #expect(form.strategy == "a")
        form.moveFocus(by: 1)
        for c in "BTC" { form.type(c) }
        form.deleteBackward()
        form.moveFocus(by: -3)
        #expect(form.source == "BT" && form.focus == .fee)
    }

    @Test func theParametersLabelSaysGridInSweepMode() {
        #expect(BacktestLaunchForm.Field.params.label(for: .sweep).hasPrefix("grid"))
        #expect(BacktestLaunchForm.Field.params.label(for: .backtest).hasPrefix("parameters"))
    }
}
