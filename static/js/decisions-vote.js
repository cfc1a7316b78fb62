// The ballot page: keeps "what is left" in each budget up to date as the voter chooses. Without this script the
// page says the same after "Check my ballot"; the server checks every ballot either way.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  ready(function () {
    var form = document.querySelector("form.vote-form");
    if (!form) return;
    var kind = form.dataset.ballotType;
    var totalPoints = parseInt(form.dataset.points, 10) || 0;
    var lang = document.documentElement.lang || undefined;
    var money = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

    function amountOf(li) {
      return parseFloat(li.dataset.cost) || 0;
    }

    function update(fieldset) {
      var chosen = 0, spent = 0, points = 0;
      fieldset.querySelectorAll("li.vote-project").forEach(function (li) {
        var input = li.querySelector("input, select");
        if (!input) return;
        var value = 0;
        if (input.type === "checkbox") value = input.checked ? 1 : 0;
        else value = Math.max(parseInt(input.value, 10) || 0, 0);
        li.classList.toggle("vote-project--chosen", value > 0);
        if (value > 0) {
          chosen += 1;
          spent += amountOf(li);
          if (kind === "cumulative") points += value;
        }
      });
      var set = function (name, text) {
        var el = fieldset.querySelector('[data-vote="' + name + '"]');
        if (el) el.textContent = text;
      };
      set("chosen", String(chosen));
      var amount = parseFloat(fieldset.dataset.amount) || 0;
      set("spent", money.format(spent));
      set("left", money.format(amount - spent));
      var left = fieldset.querySelector('[data-vote="left"]');
      if (left && left.parentElement) left.parentElement.classList.toggle("vote-status--over", spent > amount);
      var over = fieldset.querySelector('[data-vote="over"]');
      if (over) over.hidden = spent <= amount;
      set("points-used", String(points));
      set("points-left", String(totalPoints - points));
    }

    form.querySelectorAll("fieldset.vote-budget").forEach(function (fieldset) {
      fieldset.addEventListener("input", function () { update(fieldset); });
      fieldset.addEventListener("change", function () { update(fieldset); });
      update(fieldset); // choices made before this script ran count too
    });
  });
})();
