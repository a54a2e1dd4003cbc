import NjordConsole
import NjordCore
import NjordTerminal
import Testing

/// Keys through the one binding table: screens, selection, filter, and the kill-switch dialogs.
@Suite struct InputHandlerTests {
    func model(tripped: Bool = false) -> ConsoleModel { ConsoleSamples.busyModel(screen: .overview, tripped: tripped) }

    func press(_ keys: [TerminalKey], _ model: inout ConsoleModel) -> [ConsoleReaction] {
        keys.map { InputHandler.handle($0, model: &model) }
    }

    @Test func kThenYTripsTheKillSwitch() {
        var m = model()
        #expect(press([.character("K")], &m) == [.redraw])
        #expect(m.dialog == .confirmTrip)
        #expect(press([.character("y")], &m) == [.tripKillSwitch])
        #expect(m.dialog == nil)
    }

    @Test(arguments: [TerminalKey.character("n"), .character("Y"), .enter, .escape, .character("K"), .character("q")])
    func anyOtherKeyThanYCancelsTheTrip(_ key: TerminalKey) {
        var m = model()
        _ = press([.character("K")], &m)
        #expect(press([key], &m) == [.redraw])
        #expect(m.dialog == nil)
        #expect(m.notice == "kill switch trip cancelled")
    }

    @Test func resetNeedsTheWordResetTypedThenEnter() {
        var m = model(tripped: true)
        m.screen = .risk
        _ = press([.character("R")], &m)
        #expect(m.dialog == .confirmReset(typed: ""))
        let typed = press("RESET".map { TerminalKey.character($0) }, &m)
        #expect(typed.allSatisfy { $0 == .redraw })
        #expect(m.dialog == .confirmReset(typed: "RESET"))
        #expect(press([.enter], &m) == [.resetKillSwitch])
    }

    @Test func anythingButResetCancelsTheReset() {
        for word in ["reset", "RESE", "RESETT", ""] {
            var m = model(tripped: true)
            m.screen = .risk
            _ = press([.character("R")] + word.map { TerminalKey.character($0) }, &m)
            #expect(press([.enter], &m) == [.redraw], "\(word)")
            #expect(m.dialog == nil)
            #expect(m.notice?.hasPrefix("reset cancelled") == true)
        }
        var m = model(tripped: true)
        m.screen = .risk
        _ = press([.character("R"), .character("R"), .escape], &m)
        #expect(m.dialog == nil)
    }

    @Test func backspaceCorrectsTheTypedWord() {
        var m = model(tripped: true)
        m.screen = .risk
        let keys: [TerminalKey] =
            [.character("R")] + "RESX".map { .character($0) } + [.backspace, .character("E"), .character("T")]
        _ = press(keys, &m)
        #expect(press([.enter], &m) == [.resetKillSwitch])
    }

    @Test func resetIsOnlyBoundOnTheRiskScreenAndOnlyWhenTripped() {
        var m = model(tripped: true)
        #expect(press([.character("R")], &m) == [.none])
        m.screen = .risk
        var armed = model()
        armed.screen = .risk
        _ = press([.character("R")], &armed)
        #expect(armed.dialog == nil)
        #expect(armed.notice == "the kill switch is not tripped; nothing to reset")
    }

    @Test func numberKeysAndTabSwitchScreens() {
        var m = model()
        for id in ConsoleScreenID.allCases {
            _ = press([.character(Character("\(id.rawValue)"))], &m)
            #expect(m.screen == id)
        }
        _ = press([.tab], &m)
        #expect(m.screen == .overview)
        _ = press([.backTab], &m)
        #expect(m.screen == .logs)
    }

    @Test func jAndKMoveTheSelectedSymbolWithinBounds() {
        var m = model()
        m.screen = .book
        #expect(m.currentSymbol == "BTCUSDT")
        _ = press([.character("j")], &m)
        #expect(m.currentSymbol == "ETHUSDT")
        _ = press([.down, .down, .down], &m)
        #expect(m.currentSymbol == "SOLUSDT")
        _ = press([.character("k"), .up, .up], &m)
        #expect(m.currentSymbol == "BTCUSDT")
    }

    @Test func slashFiltersAndEscClears() {
        var m = model()
        _ = press([.character("/"), .character("e"), .character("t"), .character("h"), .enter], &m)
        #expect(m.filter == "eth")
        #expect(!m.editingFilter)
        #expect(m.visibleSymbols == ["ETHUSDT"])
        _ = press([.character("q")].prefix(0) + [.escape], &m)
        #expect(m.filter == "")
    }

    @Test func keysTypedIntoTheFilterDoNotActAsBindings() {
        var m = model()
        _ = press([.character("/"), .character("q"), .character("K")], &m)
        #expect(m.filter == "qK")
        #expect(m.dialog == nil)
    }

    @Test func questionMarkTogglesHelpAndQQuits() {
        var m = model()
        _ = press([.character("?")], &m)
        #expect(m.helpVisible)
        _ = press([.character("x")], &m)
        #expect(!m.helpVisible)
        #expect(press([.character("q")], &m) == [.quit])
    }

    @Test func lCyclesTheLogLevelOnTheLogsScreen() {
        var m = model()
        m.screen = .logs
        _ = press([.character("l")], &m)
        #expect(m.minimumLogLevel == .info)
        _ = press([.character("l"), .character("l"), .character("l")], &m)
        #expect(m.minimumLogLevel == .flow)
    }

    @Test func everyBindingIsReachableAndNoKeyIsBoundTwiceOnAScreen() {
        for screen in ConsoleScreenID.allCases {
            var seen: Set<TerminalKey> = []
            for binding in KeyBindings.table where binding.applies(on: screen) {
                for key in binding.keys {
                    #expect(!seen.contains(key), "\(key) bound twice on \(screen)")
                    seen.insert(key)
                    #expect(KeyBindings.action(for: key, on: screen) == binding.action)
                }
            }
        }
    }

    @Test func aResizeAlwaysRedraws() {
        var m = model()
        let before = m.revision
        #expect(press([.resize], &m) == [.redraw])
        #expect(m.revision > before)
    }
}
