import NjordCore
import NjordMarketData
import Testing

struct StoreCSVImporterTests {
    @Test func badRowsAreCountedAndNamedByFileLineAndField() throws {
        let csv = """
            id,price,qty,quote_qty,time,is_buyer_maker,is_best_match
            1,100.5,0.1,10.05,1723161255342,true,true
            2,1e5,0.1,10.05,1723161255343,true,true
            3,100.5,0.1,10.05,17231612x5343,true,true
            4,100.5,0.1,10.05,1723161255344,maybe,true
            5,100.5

            6,100.25,0.2,20.05,1723161255345,false,true
            """
        let result = try StoreCSVImporter.parse(Array(csv.utf8), file: "t.csv")
        #expect(result.trades.map(\.tradeId) == [1, 6])
        #expect(result.trades.last?.side == .buy)
        #expect(result.problemCount == 4)
        #expect(result.problems.map(\.line) == [3, 4, 5, 6])
        #expect(result.problems.map(\.field) == ["price", "time", "is_buyer_maker", "(row)"])
        #expect(result.problems[0].description.hasPrefix("t.csv:3: field 'price':"))
    }

    @Test func badBarTimestampsAreNamed() throws {
        let csv =
            "timestamp,open,high,low,close,volume\n2021-12-31 23:01:00.000000,1,2,0.5,1.5,10\n2021-13-31 23:02:00,1,2,0.5,1.5,10\n"
        let result = try StoreCSVImporter.parse(Array(csv.utf8), file: "b.csv")
        #expect(result.bars.count == 1)
        #expect(result.problems.first?.line == 3)
        #expect(result.problems.first?.field == "timestamp")
    }

    @Test func anUnknownLayoutIsAnErrorNamingTheFile() {
        #expect(throws: StoreImportError.self) {
            _ = try StoreCSVImporter.parse(Array("a,b,c\n1,2,3\n".utf8), file: "x.csv")
        }
    }

    @Test func headerlessBinanceTradesInMicrosecondsAreRead() throws {
        let result = try StoreCSVImporter.parse(
            Array("7,61837.63000000,0.02000000,1236.7526,1723161255342123,false,true\n".utf8), file: "t.csv")
        #expect(result.trades.first?.time == Timestamp(nanosecondsSinceEpoch: 1_723_161_255_342_123_000))
        #expect(result.trades.first?.price == (try Fixed("61837.63")))
    }
}
