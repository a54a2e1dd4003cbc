import NjordConsole
import Testing

@Suite struct BacktestLaunchFormTests {
    func form(_ source: String, params: String = "", fee: String = "0.001") -> BacktestLaunchForm {
        var form = BacktestLaunchForm(strategies: ["bollinger", "donchian", "sma_cross"])
        form.cycleStrategy(by: 2)
        form.source = source
        form.params = params
        form.fee = fee
        return form
    }

    @Test func aPathIsABarsFileAndTheArgumentsRunTheCLIWithJSONAndTheRunId() throws {
        let request = try form("../shared/data/bars/x.csv", params: "fast=5,slow=20").request(runId: "r1").get()
        #expect(
            request.arguments(runsDir: "/srv/var/backtests") == [
                "backtest", "--strategy", "sma_cross", "--bars", "../shared/data/bars/x.csv", "--params",
                "fast=5,slow=20", "--fee", "0.001", "--runs-dir", "/srv/var/backtests", "--run-id", "r1", "--json",
            ])
    }

    @Test func aBareNameIsAStoreSymbolAndEmptyParamsAreLeftOut() throws {
        let request = try form("btcusdt", fee: "0.0005").request(runId: "r2").get()
        #expect(request.source == .storeSymbol("BTCUSDT"))
        #expect(
            request.arguments(runsDir: "runs") == [
                "backtest", "--strategy", "sma_cross", "--symbol", "BTCUSDT", "--fee", "0.0005", "--runs-dir", "runs",
                "--run-id", "r2", "--json",
            ])
    }

    @Test func aMissingSourceOrABadFeeIsRefusedNamingTheField() {
        #expect(form(" ").request(runId: "r") == .failure(.noSource))
        #expect(form("BTCUSDT", fee: "1.5").request(runId: "r") == .failure(.badFee("1.5")))
        #expect(form("BTCUSDT", fee: "abc").request(runId: "r") == .failure(.badFee("abc")))
        #expect(BacktestLaunchForm(strategies: []).request(runId: "r") == .failure(.noStrategy))
    }

    @Test func typingGoesToTheFocusedFieldAndSpaceCyclesTheStrategy() {
        var form = BacktestLaunchForm(strategies: ["a", "b"])
        form.type(" ")
        #expect(form.strategy == "b")
        form.moveFocus(by: 1)
        for c in "BTC" { form.type(c) }
        form.deleteBackward()
        form.moveFocus(by: -2)
        #expect(form.source == "BT" && form.focus == .fee)
    }
}
