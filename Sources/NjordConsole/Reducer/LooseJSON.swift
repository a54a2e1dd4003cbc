import Foundation

/// Reading the JSON objects that are not event envelopes (log lines, backtest progress and
/// results) with Foundation: they are few per second, and their fields are optional by nature.
enum LooseJSON {
    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? [String: Any]
    }

    static func value(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// A scalar as text: strings as they are, numbers in their shortest form, booleans as words.
    static func text(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber:
            let type = String(cString: n.objCType)
            if type == "c" || type == "B" { return n.boolValue ? "true" : "false" }
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(format: "%.4g", d)
        default: return nil
        }
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let n as NSNumber: n.doubleValue
        case let s as String: Double(s)
        default: nil
        }
    }

    static func first(_ object: [String: Any], _ keys: [String]) -> Any? {
        for key in keys { if let v = object[key] { return v } }
        return nil
    }
}
