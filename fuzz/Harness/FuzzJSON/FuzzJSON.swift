import Datasets
import Foundation
import FuzzInput
import Support
import Training

/// The JSON parser and the config readers on arbitrary text: never a trap; a document that
/// parses survives serialization unchanged; a train config that parses goes through every
/// check `TrainConfig` makes, with errors thrown, never trapped.
@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzJSON)
}

public func fuzzJSON(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let value = try? JSONParser.parse(text, source: "fuzz.json") else { return 0 }
    for indent in [nil, 2] as [Int?] {
        let again = try? JSONParser.parse(value.serialized(indent: indent), source: "again.json")
        FuzzInput.require(again == value, "serialized JSON reads back as another value: \(value.serialized())")
    }
    if let object = try? ConfigObject(value, file: "fuzz.json") {
        _ = try? TrainConfig(object)
    }
    if let dataset = value["dataset"], let object = try? ConfigObject(dataset, file: "fuzz.json", path: "$.dataset") {
        _ = try? DatasetSpec(config: object)
    }
    return 0
}
