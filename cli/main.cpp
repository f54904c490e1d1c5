// loyalty: the engine on the command line, JSON in and out. CLI11 parses the
// command line: unknown flags and missing values are refused with the usage,
// --flag value and --flag=value both work, and every command has --help.
#include <CLI/CLI.hpp>

#include <map>
#include <string>
#include <vector>

#include "commands.h"

namespace {

struct Command {
  const char* name;
  const char* help;
  int (*run)(const loyalty_cli::Args&);
  std::vector<std::pair<const char*, const char*>> options;  // name, help ("!" first: the command needs it)
};

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"validate", "check a program; exit 1 with field errors", loyalty_cli::cmd_validate, {}},
      {"quote", "points a cart would earn", loyalty_cli::cmd_quote,
       {{"program", "!program JSON"}, {"customer", "customer state JSON"}, {"cart", "!cart JSON"}, {"now", "ISO 8601 time"}}},
      {"quote-batch", "one {program,customer,cart,now} per line on stdin", loyalty_cli::cmd_quote_batch, {}},
      {"state-batch", "the customer's state per case (what the server sends)", loyalty_cli::cmd_state_batch, {}},
      {"apply", "apply an event to a ledger", loyalty_cli::cmd_apply,
       {{"program", "!program JSON"}, {"ledger", "!ledger JSONL"}, {"event", "!event JSON"}, {"customer", "customer profile JSON"},
        {"now", "ISO 8601 time"}}},
      {"state", "a customer's state from a ledger", loyalty_cli::cmd_state,
       {{"program", "!program JSON"}, {"ledger", "!ledger JSONL"}, {"customer", "customer profile JSON"}, {"now", "ISO 8601 time"}}},
      {"rewards", "the rewards a customer can redeem now (the server's /me rewards)", loyalty_cli::cmd_rewards,
       {{"program", "!program JSON"}, {"ledger", "!ledger JSONL"}, {"customer", "customer profile JSON"}, {"now", "ISO 8601 time"}}},
      {"simulate", "run a program over an orders CSV", loyalty_cli::cmd_simulate,
       {{"program", "!program JSON"}, {"orders", "!orders CSV"}, {"redeeming-percent", "customers who redeem (default 50)"},
        {"end", "ISO 8601 end time"}}},
      {"generate-orders", "a synthetic orders CSV", loyalty_cli::cmd_generate_orders,
       {{"count", "orders (default 1000)"}, {"seed", "seed (default 1)"}, {"from", "ISO 8601 start"}, {"to", "ISO 8601 end"}}},
      {"referral-code", "make (--make ID --seed S) or check (--check CODE) a referral code", loyalty_cli::cmd_referral_code,
       {{"make", "customer id"}, {"seed", "the shop's code seed"}, {"check", "a code to check"}}},
      {"variant", "each visitor id on stdin: its variant (shown or hidden) in an experiment", loyalty_cli::cmd_variant,
       {{"experiment", "!experiment id"}, {"split", "basis points of visitors who see points (default 5000)"}}},
  };
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"loyalty: the engine on the command line. Files may be '-' for standard input; amounts are integer minor units.",
               "loyalty"};
  app.failure_message(CLI::FailureMessage::help);
  app.require_subcommand(1);
  // Each command's values land in Args, as the commands read them.
  std::map<std::string, loyalty_cli::Args> args;
  std::map<std::string, std::map<std::string, std::string>> values;
  bool json_output = false;
  bool normalised = false;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(c.name, c.help);
    auto& v = values[c.name];
    for (const auto& [name, help] : c.options) {
      // The command itself refuses a missing one (exit 2, naming it), as it always did.
      const bool needed = help[0] == '!';
      sub->add_option(std::string("--") + name, v[name], needed ? std::string(help + 1) + " (required)" : std::string(help));
    }
    if (std::string(c.name) == "validate") {
      sub->add_option("program", args[c.name].positional, "program JSON file")->required()->expected(1);
      sub->add_flag("--json", json_output, "errors as JSON");
      sub->add_flag("--normalised", normalised, "print a valid program as the core writes it back (every default filled)");
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  for (const auto& c : commands()) {
    CLI::App* sub = app.get_subcommand(c.name);
    if (!sub->parsed()) continue;
    loyalty_cli::Args& a = args[c.name];
    for (const auto& [name, help] : c.options)
      if (sub->count(std::string("--") + name) > 0) a.options[name] = values[c.name][name];
    if (json_output) a.options["json"] = "";
    if (normalised) a.options["normalised"] = "";
    return c.run(a);
  }
  return 2;
}
