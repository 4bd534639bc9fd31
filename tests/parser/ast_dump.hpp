#pragma once
// A complete text dump of a parsed file (every AST field with its position, and
// every diagnostic), so two parsers can be compared on the same input.

#include <sstream>
#include <string>
#include <type_traits>

#include "trappe/parser/parser.hpp"

namespace trappe::testing {

class ast_dumper {
public:
    std::string str() const { return out_.str(); }

    void dump(const ast::file& f) {
        for (const ast::declaration& d : f.declarations) {
            out_ << "decl " << d.index() << '\n';
            std::visit([this](const auto& decl) { dump_decl(decl); }, d);
        }
    }

    void dump(const diagnostics& ds) {
        for (const diagnostic& d : ds.items())
            out_ << "diag " << static_cast<int>(d.level) << ' ' << pos(d.where) << ' ' << d.message << " notes "
                 << d.notes.size() << " show " << d.show_source << '\n';
    }

private:
    std::ostringstream out_;
    int indent_ = 0;

    static std::string pos(const location& l) {
        std::ostringstream s;
        s << '@' << l.file << ':' << l.line << ':' << l.column;
        return s.str();
    }
    std::ostream& line() { return out_ << std::string(static_cast<std::size_t>(indent_) * 2, ' '); }

    void dump(const char* what, const ast::name_ref& n) { line() << what << " name " << n.text << pos(n.where) << '\n'; }
    void dump(const char* what, const ast::template_text& t) {
        line() << what << " template " << pos(t.where) << " [" << t.text << "]\n";
    }
    void dump(const char* what, const ast::type_ref& t) {
        line() << what << " type " << t.name << pos(t.where) << ' ' << (t.lo ? std::to_string(*t.lo) : "-") << ' '
               << (t.hi ? std::to_string(*t.hi) : "-") << '\n';
    }
    void dump(const char* what, const ast::expr& e) {
        line() << what << " expr " << static_cast<int>(e.kind) << " op " << static_cast<int>(e.op) << pos(e.where)
               << " n " << e.number << " [" << e.text << "]";
        for (const std::string& l : e.labels) out_ << " label[" << l << "]";
        for (const auto& keys : e.arm_keys) {
            out_ << " arm{";
            for (const ast::name_ref& k : keys) out_ << k.text << pos(k.where) << ' ';
            out_ << '}';
        }
        out_ << '\n';
        ++indent_;
        for (const ast::expr& a : e.args) dump("arg", a);
        --indent_;
    }
    void dump(const char* what, const std::string& s) { line() << what << " [" << s << "]\n"; }
    void dump(const char* what, bool b) { line() << what << ' ' << b << '\n'; }
    void dump(const char* what, std::int64_t v) { line() << what << ' ' << v << '\n'; }
    void dump(const char* what, std::int32_t v) { line() << what << ' ' << v << '\n'; }
    template <typename T>
    void dump(const char* what, const std::optional<T>& o) {
        if (o)
            dump(what, *o);
        else
            line() << what << " none\n";
    }
    template <typename T>
    void dump(const char* what, const std::vector<T>& v) {
        line() << what << " list " << v.size() << '\n';
        ++indent_;
        for (const T& x : v) dump("-", x);
        --indent_;
    }
    void dump(const char* what, const ast::assignment& a) {
        line() << what << " assignment\n";
        ++indent_;
        dump("field", a.field);
        dump("value", a.value);
        dump("upper", a.upper);
        dump("members", a.members);
        dump("unassessed", a.unassessed);
        --indent_;
    }
    void dump(const char* what, const ast::table_row& r) {
        line() << what << " row" << pos(r.where) << '\n';
        ++indent_;
        dump("lo", r.date_lo);
        dump("hi", r.date_hi);
        dump("keys", r.keys);
        dump("value", r.value);
        --indent_;
    }
    void dump(const char* what, const ast::param_version& v) {
        line() << what << " version" << pos(v.where) << '\n';
        ++indent_;
        dump("from", v.from);
        dump("value", v.value);
        --indent_;
    }
    void dump(const char* what, const std::pair<ast::name_ref, ast::template_text>& p) {
        line() << what << " part\n";
        ++indent_;
        dump("name", p.first);
        dump("text", p.second);
        --indent_;
    }

    void head(const char* kind, const location& where) { line() << kind << pos(where) << '\n'; }

    void dump_decl(const ast::pack_decl& d) {
        head("pack", d.where);
        dump("name", d.name);
    }
    void dump_decl(const ast::import_decl& d) {
        head("import", d.where);
        dump("path", d.path);
    }
    void dump_decl(const ast::as_of_decl& d) {
        head("as_of", d.where);
        dump("input", d.input);
    }
    void dump_decl(const ast::recommend_decl& d) {
        head("recommend", d.where);
        dump("output", d.output);
    }
    void dump_decl(const ast::output_decl& d) {
        head("output", d.where);
        dump("names", d.names);
    }
    void dump_decl(const ast::validity_decl& d) {
        head("valid", d.where);
        dump("from", d.from);
        dump("to", d.to);
    }
    void dump_decl(const ast::type_decl& d) {
        head("type", d.where);
        dump("name", d.name);
        dump("enum", d.is_enum);
        dump("lo", d.lo);
        dump("hi", d.hi);
        dump("values", d.value_names);
        dump("labels", d.value_labels);
    }
    void dump_decl(const ast::input_decl& d) {
        head("input", d.where);
        dump("name", d.name);
        dump("type", d.type);
        dump("description", d.description);
        dump("required", d.required);
        dump("extern", d.is_extern);
    }
    void dump_decl(const ast::param_decl& d) {
        head("param", d.where);
        dump("name", d.name);
        dump("type", d.type);
        dump("citation", d.citation);
        dump("local", d.local);
        dump("versions", d.versions);
        dump("table_key", d.table_key);
        dump("rows", d.rows);
    }
    void dump_decl(const ast::define_decl& d) {
        head("define", d.where);
        dump("name", d.name);
        dump("type", d.type);
        dump("body", d.body);
        dump("criterion", d.is_criterion);
        dump("local", d.local);
        dump("title", d.title);
        dump("citation", d.citation);
        dump("because", d.because);
        dump("because_not", d.because_not);
        dump("appealable", d.appealable);
    }
    void dump_decl(const ast::offer_decl& d) {
        head("offer", d.where);
        dump("name", d.name);
        dump("title", d.title);
        dump("citation", d.citation);
        dump("criterion", d.criterion);
        dump("condition", d.condition);
        dump("step", d.step);
        dump("scope", d.scope);
        dump("review", d.review_months);
    }
    void dump_decl(const ast::profile_decl& d) {
        head("profile", d.where);
        dump("name", d.name);
        dump("fields", d.fields);
    }
    void dump_decl(const ast::test_decl& d) {
        head("test", d.where);
        dump("title", d.title);
        dump("base", d.base_profile);
        dump("given", d.given);
        dump("expect", d.expect);
        dump("parameters", d.parameters);
        dump("expect_error", d.expect_error);
    }
    void dump_decl(const ast::property_decl& d) {
        head("property", d.where);
        dump("label", d.label);
        dump("text", d.text);
        dump("monotone", d.monotone);
        dump("result", d.result);
        dump("inputs", d.inputs);
        dump("premise", d.premise);
        dump("conclusion", d.conclusion);
    }
    void dump_decl(const ast::justification_decl& d) {
        head("justification", d.where);
        dump("parts", d.parts);
    }
};

/// The dump of one parse: the declarations, then the diagnostics.
inline std::string dump_parse(const ast::file& f, const diagnostics& ds) {
    ast_dumper d;
    d.dump(f);
    d.dump(ds);
    return d.str();
}

}  // namespace trappe::testing
