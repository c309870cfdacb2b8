import Foundation
import Support

/// The files a stage reads that are named in its config rather than on its command line: the
/// training data, fonts, anything under a path-valued key (`ConfigOverrides.isPathKey`). Each
/// existing file, and every file below an existing folder, is fingerprinted by its size and
/// modification time (nanoseconds), so replacing or editing data in place reruns the stage
/// without hashing gigabytes on every run.
enum DataFiles {
    /// Where cnn-train reads an `idx` data set that names no `directory`: Debian's
    /// `dataset-fashion-mnist` (the default of `IDXSource` in `Sources/Datasets`).
    static let defaultIDXDirectory = "/usr/share/datasets/fashion-mnist"

    /// Path → "size S, modified T" for every file the config names, sorted by path.
    static func stamps(config: JSONValue, stage: String) -> [String: String] {
        var roots = Set<String>()
        collect(config, key: nil, into: &roots)
        if stage == "train", usesDefaultIDX(config) { roots.insert(defaultIDXDirectory) }
        var out = [String: String]()
        for root in roots { for file in files(under: root) { out[file] = stamp(file) } }
        return out
    }

    /// Whether a train config reads Fashion-MNIST from its default folder.
    private static func usesDefaultIDX(_ config: JSONValue) -> Bool {
        guard let dataset = config["dataset"] else { return true }
        if let kind = dataset["kind"], kind != .string("idx") { return false }
        return dataset["directory"] == nil
    }

    private static func collect(_ value: JSONValue, key: String?, into roots: inout Set<String>) {
        switch value {
        case .string(let s) where key.map(ConfigOverrides.isPathKey) == true && s.hasPrefix("/"): roots.insert(s)
        case .object(let pairs): for (k, v) in pairs { collect(v, key: k, into: &roots) }
        case .array(let items): for item in items { collect(item, key: key, into: &roots) }
        default: break
        }
    }

    /// `root` itself when it is a file, else every regular file below it; nothing when absent.
    private static func files(under root: String) -> [String] {
        guard FileManagerPaths.exists(root) else { return [] }
        guard FileManagerPaths.isDirectory(root) else { return [root] }
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found = [String]()
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            if !FileManagerPaths.isDirectory(path) { found.append(path) }
        }
        return found
    }

    private static func stamp(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "unreadable" }
        return "size \(info.st_size), modified \(info.st_mtim.tv_sec).\(String(format: "%09ld", info.st_mtim.tv_nsec))"
    }
}
