// Behaviour without inline scripts (the content security policy allows scripts from this site only).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Attendance: the leave reason shows only while 请假 is chosen. A hidden reason is also disabled, so a
// reason typed before switching back to 出席 is not sent (the server reads any reason as leave).
// Without this script every reason field stays visible.
function showLeaveReason(row) {
  var reason = row.querySelector("[data-leave-reason]");
  var chosen = row.querySelector("input[type=radio]:checked");
  if (!reason) {
    return;
  }
  var onLeave = !chosen || chosen.value === "leave";
  reason.hidden = !onLeave;
  reason.disabled = !onLeave;
}

function showLeaveReasons(root) {
  root.querySelectorAll("[data-attendee]").forEach(showLeaveReason);
}

document.addEventListener("change", function (event) {
  var row = event.target.closest("[data-attendee]");
  if (row && event.target.type === "radio") {
    showLeaveReason(row);
    if (event.target.value === "leave") {
      row.querySelector("[data-leave-reason]").focus();
    }
  }
  // Marking a planned meeting held: its topic is kept when the topic is left blank.
  if (event.target.name === "planned") {
    var topic = document.getElementById("id_topic");
    if (topic) {
      topic.placeholder = event.target.dataset.topic ? "留空沿用：" + event.target.dataset.topic : "";
    }
  }
});

document.addEventListener("DOMContentLoaded", function () {
  showLeaveReasons(document);
});
document.addEventListener("htmx:load", function (event) {
  showLeaveReasons(event.target);
});
