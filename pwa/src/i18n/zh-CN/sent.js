// “已发送”列表（今日页）：服务器已确认收到的提交。
export default {
  'sent.title': '已发送',
  'sent.at': '服务器已于 {d} 收到',
  'sent.none': '尚未发送任何内容。',
};
