/// Encodes commands in RESP directly into one buffer, so that a batch of PUBLISH commands costs
/// one copy and one hiredis call instead of an argv per message.
public struct RESPEncoder {
    public private(set) var bytes: [UInt8] = []
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public mutating func append(_ args: [UInt8]...) { append(arguments: args) }

    public mutating func append(arguments args: [[UInt8]]) {
        bytes.append(UInt8(ascii: "*"))
        appendDecimal(args.count)
        bytes.append(contentsOf: [13, 10])
        for arg in args {
            bytes.append(UInt8(ascii: "$"))
            appendDecimal(arg.count)
            bytes.append(contentsOf: [13, 10])
            bytes.append(contentsOf: arg)
            bytes.append(contentsOf: [13, 10])
        }
        count += 1
    }

    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        count = 0
    }

    public var isEmpty: Bool { count == 0 }

    private mutating func appendDecimal(_ value: Int) {
        if value < 10 {
            bytes.append(UInt8(48 + value))
            return
        }
        var digits: [UInt8] = []
        var v = value
        while v > 0 {
            digits.append(UInt8(48 + v % 10))
            v /= 10
        }
        bytes.append(contentsOf: digits.reversed())
    }
}
