import NjordConsole
import NjordTerminal
import Testing

@Suite struct DisplayWidthTests {
    @Test func printableASCIITakesOneCellPerByteAndClipsToAPrefix() {
        let text = "BTCUSDT 61602.01 x 0.25 ~ {ok}"
        #expect(DisplayWidth.isPrintableASCII(text))
        #expect(DisplayWidth.of(text) == text.utf8.count)
        #expect(DisplayWidth.clip(text, to: 7) == "BTCUSDT")
        #expect(DisplayWidth.clip(text, to: 100) == text)
        #expect(DisplayWidth.fit("42", to: 5, alignRight: true) == "   42")
    }

    @Test func controlBytesAndNonASCIITakeTheGeneralPath() {
        #expect(!DisplayWidth.isPrintableASCII("a\tb"))
        #expect(!DisplayWidth.isPrintableASCII("\u{7F}"))
        #expect(!DisplayWidth.isPrintableASCII("─"))
        // Wide characters take two cells and are never cut in half; combining marks take none.
        #expect(DisplayWidth.of("日本") == 4)
        #expect(DisplayWidth.clip("日本", to: 3) == "日")
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("── x") == 4)
        #expect(DisplayWidth.of("█▏⣿") == 3)
    }

    @Test func theInMemoryScreenLaysOutASCIIAndWideTextAsATerminalDoes() {
        let screen = MemoryScreen(rows: 2, columns: 6)
        screen.put("abcdefgh", row: 0, column: 1, style: .normal)
        screen.put("日本x", row: 1, column: 0, style: .normal)
        #expect(screen.line(0) == " abcde")
        #expect(screen.line(1) == "日本x")
    }
}
