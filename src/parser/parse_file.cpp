// The driver: parses one declaration at a time, so that after an error it can
// resynchronise at the next declaration and every syntax error of a file is
// reported in one run (the grammar's error handler reports each).

#include "parser/grammar.hpp"
#include "trappe/parser/parser.hpp"

namespace trappe {

namespace x3 = boost::spirit::x3;

ast::file parse_file(const source_manager& sources, file_id id, diagnostics& diags) {
    ast::file out;
    out.id = id;
    grammar::rule_text text(sources, id, diags, out);
    const auto parser = x3::with<grammar::rule_text_tag>(text)[grammar::declaration()];

    const char* it = text.begin();
    while ((it = grammar::skip_blank(it, text.end())) != text.end()) {
        text.start_declaration(it);
        try {
            if (x3::phrase_parse(it, text.end(), parser, grammar::skipper)) {
                text.declaration_parsed();
                continue;
            }
            if (!text.failed()) text.no_declaration(it);
        } catch (const grammar::limit_exceeded& limit) {
            text.limit_passed(limit);
        }
        if (text.refused()) break;
        it = text.next_declaration();
    }
    return out;
}

}  // namespace trappe
