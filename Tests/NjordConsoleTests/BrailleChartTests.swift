import NjordConsole
import Testing

@Suite struct BrailleChartTests {
    func scalars(_ line: String) -> [UInt32] { line.unicodeScalars.map { $0.value - 0x2800 } }

    @Test func aRisingSeriesFillsFromTheBottomLeftDotToTheTopRight() {
        // Two points in one cell: the left column's bottom dot (7 = 0x40), the right column filled
        // from level 1 to the top (dots 4, 5, 6 = 0x08, 0x10, 0x20).
        #expect(BrailleChart.render([0, 3], width: 1, height: 1) == ["\u{2878}"])
        #expect(scalars(BrailleChart.render([0, 1, 2, 3], width: 2, height: 1)[0]) == [0x40 | 0x20, 0x02 | 0x08])
    }

    @Test func levelsSpanEveryRowTopFirst() {
        // Eight levels over two rows: 0 is the bottom row's bottom dot, 7 the top row's top dot.
        let rows = BrailleChart.render([0, 7], width: 1, height: 2, range: 0...7)
        #expect(scalars(rows[0]) == [0x08 | 0x10 | 0x20 | 0x80])
        #expect(scalars(rows[1]) == [0x40 | 0x08 | 0x10 | 0x20])
    }

    @Test func aFlatSeriesIsDrawnAtMidHeightAndNoDataIsBlank() {
        let rows = BrailleChart.render([5, 5, 5, 5], width: 2, height: 1)
        #expect(scalars(rows[0]) == [0x02 | 0x10, 0x02 | 0x10])
        #expect(
            BrailleChart.render([], width: 3, height: 2) == ["\u{2800}\u{2800}\u{2800}", "\u{2800}\u{2800}\u{2800}"])
    }

    @Test func downsamplingKeepsTheFirstAndLastValueAndEvenSteps() {
        let values = (0..<101).map(Double.init)
        #expect(BrailleChart.downsample(values, to: 5) == [0, 25, 50, 75, 100])
        #expect(BrailleChart.downsample([1, 2], to: 5) == [1, 2])
    }

    @Test func drawdownIsEquityUnderItsRunningPeak() {
        #expect(BrailleChart.drawdown([100, 110, 99, 121]) == [0, 0, 99.0 / 110 - 1, 0])
    }
}
