/// One price level of a book: `["price","qty"]` on the wire.
public struct PriceLevel: Hashable, Sendable {
    public var price: Fixed
    public var qty: Fixed

    public init(price: Fixed, qty: Fixed) {
        self.price = price
        self.qty = qty
    }
}

extension JSONSink {
    mutating func levels(_ levels: [PriceLevel]) {
        byte(UInt8(ascii: "["))
        for (i, level) in levels.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            byte(UInt8(ascii: "["))
            decimal(level.price)
            byte(UInt8(ascii: ","))
            decimal(level.qty)
            byte(UInt8(ascii: "]"))
        }
        byte(UInt8(ascii: "]"))
    }
}

extension JSONReader {
    /// An array of `["price","qty"]` pairs; errors name `path[i][j]`.
    mutating func readLevels(at path: @autoclosure () -> String) throws(ContractError) -> [PriceLevel] {
        try beginArray(at: path())
        var levels: [PriceLevel] = []
        var first = true
        var i = 0
        while try nextElement(isFirst: &first, at: path()) {
            try beginArray(at: "\(path())[\(i)]")
            var firstInPair = true
            guard try nextElement(isFirst: &firstInPair, at: "\(path())[\(i)]") else {
                throw .missingField(path: "\(path())[\(i)][0]")
            }
            let price = try readDecimal(at: "\(path())[\(i)][0]")
            guard try nextElement(isFirst: &firstInPair, at: "\(path())[\(i)]") else {
                throw .missingField(path: "\(path())[\(i)][1]")
            }
            let qty = try readDecimal(at: "\(path())[\(i)][1]")
            guard try !nextElement(isFirst: &firstInPair, at: "\(path())[\(i)]") else {
                throw .ruleViolated(path: "\(path())[\(i)]", reason: "a level is a [price, qty] pair")
            }
            levels.append(PriceLevel(price: price, qty: qty))
            i += 1
        }
        return levels
    }
}
