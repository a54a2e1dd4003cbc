import NjordBacktest
import Testing

@Suite struct WalkForwardWindowTests {
    static let day = WalkForwardWindow.nanosecondsPerDay

    @Test func testSpansTileTheDataAfterTheFirstTrainingSpan() throws {
        // 31 days of minute bars from t0: train 10, test 5 → tests at [10,15) [15,20) [20,25) [25,30) [30,31).
        let t0: Int64 = 1_640_991_660_000_000_000
        let last = t0 + 31 * Self.day - 60_000_000_000
        let windows = try WalkForwardWindow.rolling(firstTime: t0, lastTime: last, trainDays: 10, testDays: 5)
        #expect(windows.count == 5)
        for (k, w) in windows.enumerated() {
            #expect(w.index == k)
            #expect(w.trainStart == t0 + Int64(k) * 5 * Self.day)
            #expect(w.trainEnd - w.trainStart == 10 * Self.day)
            #expect(w.testStart == w.trainEnd)
            if k > 0 { #expect(w.testStart == windows[k - 1].testEnd) }
        }
        #expect(windows.last!.testEnd == last + 1)
        #expect(windows.last!.testEnd - windows.last!.testStart == Self.day - 60_000_000_000 + 1)
    }

    @Test func dataShorterThanOneTrainingSpanHasNoWindow() {
        #expect(throws: SweepError.self) {
            try WalkForwardWindow.rolling(firstTime: 0, lastTime: 10 * Self.day - 1, trainDays: 10, testDays: 5)
        }
        #expect(throws: SweepError.invalidWindow("--test-days must be positive, not 0")) {
            try WalkForwardWindow.rolling(firstTime: 0, lastTime: 100 * Self.day, trainDays: 10, testDays: 0)
        }
    }

    @Test func oneBarAfterTheTrainingSpanMakesOneWindow() throws {
        let windows = try WalkForwardWindow.rolling(firstTime: 0, lastTime: 2 * Self.day, trainDays: 2, testDays: 3)
        #expect(windows.count == 1)
        #expect(windows[0].testStart == 2 * Self.day && windows[0].testEnd == 2 * Self.day + 1)
    }
}
