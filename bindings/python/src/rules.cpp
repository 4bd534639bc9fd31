// trappe._trappe.Rules: loading, parameters, overrides, single evaluation.

#include <pybind11/stl.h>

#include "handles.hpp"

namespace py = pybind11;

namespace trappe::python {
namespace {

py::object rule_error;  // trappe.RuleError, created in init_rules

// The checked rules with parameter overrides, compiled; RuleError carrying every
// diagnostic when the rules have mistakes.
std::shared_ptr<rules_handle> compiled_handle(const check_result& checked, const std::string& path,
                                              const std::map<std::string, std::string>& overrides) {
    if (!checked.ok()) {
        py::list diags;
        for (const diagnostic& d : checked.diags.items()) {
            if (d.level != severity::error) continue;
            // A missing or empty path is a diagnostic about no file.
            const std::string file = d.where.file < checked.sources.size() ? checked.sources.path(d.where.file) : path;
            diags.append(py::dict(py::arg("file") = file, py::arg("line") = d.where.line,
                                  py::arg("column") = d.where.column, py::arg("message") = d.message,
                                  py::arg("text") = render(d, checked.sources)));
        }
        py::object error = rule_error(checked.report(), diags);
        PyErr_SetObject(rule_error.ptr(), error.ptr());
        throw py::error_already_set();
    }
    auto handle = std::make_shared<rules_handle>();
    handle->path = path;
    handle->overrides = overrides;
    handle->checked = checked.checked;
    parameter_overrides values;
    for (const auto& [name, text] : overrides) {
        const auto s = checked.checked->find(name);
        if (!s || checked.checked->symbols[*s].kind != symbol_kind::parameter)
            throw py::key_error("'" + name + "' is not a parameter of the rules");
        const auto v = from_python(*checked.checked, *s, py::str(text));
        if (!v) throw py::value_error("parameter '" + name + "' needs a value");
        values[name] = *v;
    }
    try {
        handle->compiled = compile(handle->checked, values);
    } catch (const parameter_error& e) {
        throw py::value_error(e.what());
    }
    return handle;
}

std::shared_ptr<rules_handle> load(const std::string& path, const std::map<std::string, std::string>& overrides) {
    return compiled_handle(check_rules(path), path, overrides);
}

// Pickling: the rule files' texts, not a path that may hold other rules (or none) where they are loaded.
py::tuple rule_texts(const rules_handle& h) {
    py::list files;
    for (const rule_file& f : rule_files(*h.checked)) files.append(py::make_tuple(f.path, py::bytes(f.text), f.in_pack));
    return py::make_tuple(files, h.checked->pack_name, h.checked->content_hash);
}

std::shared_ptr<rules_handle> load_texts(const py::list& files, const std::string& pack_name, const std::string& hash,
                                         const std::string& path, const std::map<std::string, std::string>& overrides) {
    std::vector<rule_file> texts;
    for (const py::handle f : files) {
        const auto item = f.cast<py::tuple>();
        texts.push_back({item[0].cast<std::string>(), item[1].cast<std::string>(), item[2].cast<bool>()});
    }
    auto handle = compiled_handle(check_rule_files(texts, pack_name), path, overrides);
    if (handle->checked->content_hash != hash)
        throw py::value_error("the pickled rules do not match their hash (" + hash + ")");
    return handle;
}

// The same checked rules with other overrides: nothing is read again.
std::shared_ptr<rules_handle> with_overrides(const rules_handle& h, const std::map<std::string, std::string>& overrides) {
    check_result checked;
    checked.checked = h.checked;
    return compiled_handle(checked, h.path, overrides);
}

py::dict describe_symbol(const program& rules, symbol_id s) {
    const symbol& sym = rules.symbols[s];
    const type_info& t = rules.types[sym.type];
    static const char* kinds[] = {"bool", "integer", "level", "enum", "date", "string"};
    py::list names;
    for (const std::string& n : t.value_names) names.append(n);
    return py::dict(py::arg("name") = sym.name, py::arg("type") = kinds[static_cast<int>(t.kind)], py::arg("type_name") = t.name, py::arg("lo") = t.lo, py::arg("hi") = t.hi, py::arg("values") = names, py::arg("required") = sym.required, py::arg("description") = sym.description);
}

}  // namespace

py::object to_python(const type_info& t, std::int64_t v) {
    switch (t.kind) {
        case type_kind::boolean: return py::bool_(v != 0);
        case type_kind::date: return py::str(format_date(static_cast<day_number>(v)));
        case type_kind::enumeration: return py::str(t.value_name(v));
        default: return py::int_(v);
    }
}

py::object to_python(const program& rules, symbol_id s, value_range v, const decision* d) {
    const type_info& t = rules.type_of(s);
    if (t.kind == type_kind::string) return d ? py::str(d->text(s)) : py::str("");
    if (v.determined()) return to_python(t, v.lo);
    return py::make_tuple(to_python(t, v.lo), to_python(t, v.hi));
}

void init_rules(py::module_& m) {
    rule_error = py::module_::import("trappe._errors").attr("RuleError");

    py::class_<rules_handle, std::shared_ptr<rules_handle>>(m, "Rules")
        .def_readonly("path", &rules_handle::path)
        .def_readonly("overrides", &rules_handle::overrides)
        .def_property_readonly("pack", [](const rules_handle& h) { return h.checked->pack_name; })
        .def_property_readonly("hash", [](const rules_handle& h) { return h.checked->content_hash; })
        .def_property_readonly("inputs", [](const rules_handle& h) {
            py::list out;
            for (symbol_id s : h.compiled->inputs()) out.append(describe_symbol(*h.checked, s));
            return out;
        })
        .def_property_readonly("ignored_fields", [](const rules_handle& h) {
            py::list out;
            for (const symbol& s : h.checked->symbols)
                if (s.kind == symbol_kind::input && h.compiled->ignores_field(s.name)) out.append(py::str(s.name));
            return out;
        })
        .def_property_readonly("outputs", [](const rules_handle& h) {
            py::list out;
            for (symbol_id s : h.checked->outputs) out.append(describe_symbol(*h.checked, s));
            return out;
        })
        .def_property_readonly("recommendation", [](const rules_handle& h) -> py::object {
            if (!h.checked->recommendation) return py::none();
            return py::str(h.checked->symbols[*h.checked->recommendation].name);
        })
        .def_property_readonly("parameters", [](const rules_handle& h) {
            py::list out;
            const program& rules = *h.checked;
            for (symbol_id s = 0; s < rules.symbols.size(); ++s) {
                const symbol& sym = rules.symbols[s];
                if (sym.kind != symbol_kind::parameter) continue;
                const type_info& t = rules.types[sym.type];
                const type_info& key = rules.types[sym.table_key];
                py::list versions;
                for (const table_entry& e : sym.entries) {
                    py::object from = py::none(), to = py::none();
                    if (sym.is_table) {
                        from = e.lo == INT32_MIN ? py::object(py::none()) : to_python(key, e.lo);
                        to = e.hi == INT32_MAX ? py::object(py::none()) : to_python(key, e.hi);
                    } else if (e.lo != INT32_MIN) {
                        from = py::str(format_date(static_cast<day_number>(e.lo)));
                    }
                    versions.append(py::dict(py::arg("from") = from, py::arg("to") = to, py::arg("value") = to_python(t, e.value)));
                }
                const auto override_it = h.overrides.find(sym.name);
                out.append(py::dict(py::arg("name") = sym.name, py::arg("type") = t.name, py::arg("citation") = sym.citation,
                                    py::arg("local") = sym.local, py::arg("table") = sym.is_table, py::arg("versions") = versions, py::arg("overridden") = override_it == h.overrides.end() ? py::object(py::none()) : py::str(override_it->second)));
            }
            return out;
        })
        .def("format_value", [](const rules_handle& h, const std::string& name, std::int64_t lo, std::int64_t hi) {
            const auto s = h.checked->find(name);
            if (!s) throw py::key_error(name);
            return format_value(*h.checked, *s, {lo, hi});
        });

    m.def("load", &load, py::arg("path"), py::arg("overrides") = std::map<std::string, std::string>{});
    m.def("rule_texts", &rule_texts, py::arg("rules"));
    m.def("load_texts", &load_texts, py::arg("files"), py::arg("pack"), py::arg("hash"), py::arg("path"),
          py::arg("overrides"));
    m.def("with_overrides", &with_overrides, py::arg("rules"), py::arg("overrides"));
}

}  // namespace trappe::python
