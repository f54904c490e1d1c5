// One function per `loyalty` subcommand; each returns the process exit code.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace loyalty_cli {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value
  bool has(const std::string& k) const { return options.count(k) > 0; }
  std::string get(const std::string& k, const std::string& fallback = "") const {
    auto it = options.find(k);
    return it == options.end() ? fallback : it->second;
  }
};

int cmd_validate(const Args& a);
int cmd_quote(const Args& a);
int cmd_quote_batch(const Args& a);
int cmd_state_batch(const Args& a);
int cmd_apply(const Args& a);
int cmd_state(const Args& a);
int cmd_rewards(const Args& a);
int cmd_simulate(const Args& a);
int cmd_generate_orders(const Args& a);
int cmd_referral_code(const Args& a);
int cmd_variant(const Args& a);

}  // namespace loyalty_cli
